import { beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '@/lib/auth/viewer';
import { LINE_PAGE_SIZE, serverResolvedView } from '@/components/lib/viewer-query';
import { db, pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { findAppLogSources } from '@/lib/console/find-app-log-sources';
import { countAppLogs, readAppLogs } from '@/lib/console/read-app-logs';
import { startFirstViewReads } from '@/lib/console/start-first-view-reads';
import { readAppLogFacets } from '@/lib/insights/read-app-log-facets';
import { readAppLogVolume } from '@/lib/insights/read-app-log-volume';
import { parseQuery } from '@/lib/logs/log-range';
import { appLogFacetsQuerySchema, appLogVolumeQuerySchema } from '@/lib/validations/log-insights';
import { appLogCountQuerySchema, appLogQuerySchema } from '@/lib/validations/logs';
import { meta, vendorViewer } from '@/lib/test-support/identities';

// The logs page's first reads, made while the page renders: the same answers
// as the API's routes give (as JSON), recorded the same way, and null (so the
// browser asks the API, which explains) for a view the API would refuse.

/** An answer without its timings, which differ from one read to the next. */
function withoutTimings(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'tookMs' ? undefined : v)));
}

describe('startFirstViewReads', () => {
  let viewer: Viewer;
  let appId: string;

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 20_000, reset: true });
    viewer = await vendorViewer('dev@lumen.example');
    const app = await db().app.findFirstOrThrow({ where: { name: 'Timesheet Pro' }, include: { installations: { where: { uninstalledAt: null } } } });
    appId = app.id;
    await pgPool().query('UPDATE log_access_grants SET disabled_at = now() WHERE disabled_at IS NULL AND installation_id = ANY($1::text[])', [app.installations.map((i) => i.id)]);
    await db().logAccessGrant.createMany({ data: app.installations.map((i) => ({ installationId: i.id, source: 'ADMIN' as const })) });
  });

  async function auditMark(): Promise<string> {
    const { rows } = await pgPool().query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM audit_events');
    return rows[0]!.id;
  }

  async function readsSince(mark: string): Promise<{ action: string; kind: string }[]> {
    const { rows } = await pgPool().query<{ action: string; kind: string }>(
      `SELECT action::text, details->>'kind' AS kind FROM audit_events WHERE id > $1 AND actor_user_id = $2 ORDER BY id`,
      [mark, viewer.id],
    );
    return rows;
  }

  it('answers as the API does, and records the reads as the API does', async () => {
    const view = serverResolvedView(new URLSearchParams('range=7d&level=error,warn'), new Date())!;
    expect(view.key).toBe('range=7d&level=error%2Cwarn');
    const sources = await findAppLogSources({ appId });
    const mark = await auditMark();
    const first = startFirstViewReads({ viewer, sources, apiQuery: new URLSearchParams(view.apiQuery), pageSize: LINE_PAGE_SIZE, meta });
    const [page, count, volume, facets] = await Promise.all([first.page, first.count, first.volume, first.facets]);
    const recorded = await readsSince(mark);

    const url = `http://test/?${view.apiQuery}`;
    const args = { viewer, sources, meta };
    const apiPage = await readAppLogs({ ...args, query: parseQuery(appLogQuerySchema, `${url}&limit=${LINE_PAGE_SIZE}`) });
    expect((page as { lines: unknown[] }).lines.length).toBeGreaterThan(0);
    expect(withoutTimings(page)).toEqual(withoutTimings(apiPage));
    expect(withoutTimings(count)).toEqual(withoutTimings(await countAppLogs({ ...args, query: parseQuery(appLogCountQuerySchema, url) })));
    expect(withoutTimings(volume)).toEqual(withoutTimings(await readAppLogVolume({ ...args, query: parseQuery(appLogVolumeQuerySchema, url) })));
    expect(withoutTimings(facets)).toEqual(withoutTimings(await readAppLogFacets({ ...args, query: parseQuery(appLogFacetsQuerySchema, url) })));
    // Dates cross as the API's ISO strings, not as Date objects.
    expect(typeof (page as { lines: { timestamp: unknown }[] }).lines[0]!.timestamp).toBe('string');

    // Each site the page read from has its row, as for the API's page.
    expect(recorded.filter((r) => r.action === 'VENDOR_LOGS_READ' && r.kind === 'page').length).toBeGreaterThan(0);
  });

  it('resolves to null, recording nothing, for a view the API refuses (the browser then asks the API, which says why)', async () => {
    const sources = await findAppLogSources({ appId });
    const mark = await auditMark();
    const refused = [
      new URLSearchParams({ from: '2026-11-30T00:00:00.000Z', to: '2026-11-29T00:00:00.000Z' }),
      new URLSearchParams({ from: '2026-11-29T00:00:00.000Z', to: '2026-11-30T00:00:00.000Z', q: '"unclosed' }),
      new URLSearchParams({ from: 'yesterday', to: '2026-11-30T00:00:00.000Z' }),
    ];
    for (const apiQuery of refused) {
      const first = startFirstViewReads({ viewer, sources, apiQuery, pageSize: LINE_PAGE_SIZE, meta });
      expect(await Promise.all([first.page, first.count, first.volume, first.facets]), apiQuery.toString()).toEqual([null, null, null, null]);
    }
    expect(await readsSince(mark)).toEqual([]);
  });

  it('is not made for a custom day range, whose days are in the browser’s time zone', () => {
    expect(serverResolvedView(new URLSearchParams('range=custom&firstDay=2026-11-01&lastDay=2026-11-02'), new Date())).toBeNull();
  });
});
