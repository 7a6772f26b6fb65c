import { beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '@/lib/auth/viewer';
import { db, pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { findAppLogSources } from '@/lib/console/find-app-log-sources';
import { readAppLogs } from '@/lib/console/read-app-logs';
import { parseQuery } from '@/lib/logs/log-range';
import { appLogQuerySchema } from '@/lib/validations/logs';
import { meta, vendorViewer } from '@/lib/test-support/identities';

const DAY = 86_400_000;

// Access transparency for the console viewer: each page writes one audit row
// per site it read, with the number of lines that page returned from there.
// A page is recorded by the page's own statement; a message search by a
// statement of its own after it. Both must count the same way.

type ReadRow = { installation_id: string; lines: number; details: { kind: string; filters: { q: string | null }; apiTokenId?: string } };

describe('readAppLogs records each vendor read', () => {
  let viewer: Viewer;
  let appId: string;
  let sharedIds: string[];

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 20_000, reset: true });
    viewer = await vendorViewer('dev@lumen.example');
    const app = await db().app.findFirstOrThrow({ where: { name: 'Timesheet Pro' }, include: { installations: { where: { uninstalledAt: null }, orderBy: { id: 'asc' } } } });
    appId = app.id;
    // Every installation shares, so a page mixes lines of several sites.
    await pgPool().query('UPDATE log_access_grants SET disabled_at = now() WHERE disabled_at IS NULL AND installation_id = ANY($1::text[])', [app.installations.map((i) => i.id)]);
    await db().logAccessGrant.createMany({ data: app.installations.map((i) => ({ installationId: i.id, source: 'ADMIN' as const })) });
    sharedIds = app.installations.map((i) => i.id);
    // The newest lines take turns between the sites (the demo's own may all be one site's), so every page below mixes them.
    await pgPool().query(
      `INSERT INTO log_lines (installation_id, ts, level, message)
       SELECT ids[1 + n % cardinality(ids)], now() - n * interval '1 second', CASE WHEN (n / cardinality(ids)) % 2 = 0 THEN 'ERROR' ELSE 'INFO' END::"LogLevel", 'a line that takes turns ' || n
         FROM generate_series(1, 120) n, (SELECT $1::text[] AS ids) i`,
      [sharedIds],
    );
  });

  async function readPage(params: Record<string, string>, as: Viewer = viewer) {
    const to = new Date();
    const query = parseQuery(appLogQuerySchema, `http://test/?${new URLSearchParams({ from: new Date(to.getTime() - 30 * DAY).toISOString(), to: to.toISOString(), ...params })}`);
    const { rows: [mark] } = await pgPool().query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM audit_events');
    const page = await readAppLogs({ viewer: as, sources: await findAppLogSources({ appId }), query, meta });
    const { rows } = await pgPool().query<ReadRow>(
      `SELECT installation_id, (details->>'lines')::int AS lines, details FROM audit_events
        WHERE id > $1 AND action = 'VENDOR_LOGS_READ' AND actor_user_id = $2 AND ip_address = $3 ORDER BY installation_id`,
      [mark!.id, viewer.id, meta.ipAddress],
    );
    return { page, rows };
  }

  function linesPerSite(lines: { installationId: string }[]): Record<string, number> {
    const counts: Record<string, number> = Object.fromEntries(sharedIds.map((id) => [id, 0]));
    for (const line of lines) counts[line.installationId]! += 1;
    return counts;
  }

  it.each<[string, Record<string, string>]>([
    ['a page (recorded by its own statement)', { limit: '37' }],
    ['a page of errors', { limit: '25', level: 'error' }],
    ['a message search (recorded after it)', { limit: '30', q: 'a' }],
  ])('%s: one row per sharing site with the lines it returned', async (_name, params) => {
    const { page, rows } = await readPage(params);
    expect(page.lines.length).toBe(Number(params.limit));
    expect(new Set(page.lines.map((l) => l.installationId)).size).toBeGreaterThan(1);
    expect(rows.map((r) => r.installation_id)).toEqual([...sharedIds].sort());
    expect(Object.fromEntries(rows.map((r) => [r.installation_id, r.lines]))).toEqual(linesPerSite(page.lines));
    expect(rows.every((r) => r.details.kind === 'page' && r.details.filters.q === (params.q ?? null))).toBe(true);
  });

  it('a read made with an API token names the token in its rows (the audit log groups its sessions apart); one without names none', async () => {
    const withToken = await readPage({ limit: '5' }, { ...viewer, apiTokenId: 'api-token-under-test' });
    expect(withToken.rows.map((r) => r.details.apiTokenId)).toEqual(sharedIds.map(() => 'api-token-under-test'));
    const withSession = await readPage({ limit: '5' });
    expect(withSession.rows.every((r) => !('apiTokenId' in r.details))).toBe(true);
  });

  it('the next page is recorded with its own lines, and an empty page with none', async () => {
    const first = await readPage({ limit: '20' });
    const second = await readPage({ limit: '20', cursor: first.page.nextCursor! });
    expect(second.page.lines[0]!.id).not.toBe(first.page.lines[0]!.id);
    expect(Object.fromEntries(second.rows.map((r) => [r.installation_id, r.lines]))).toEqual(linesPerSite(second.page.lines));
    for (const nothing of [{ invocationId: 'no-such-invocation' }, { q: 'no line says this 0c5f' }] as Record<string, string>[]) {
      const none = await readPage({ limit: '20', ...nothing });
      expect(none.page.lines).toEqual([]);
      expect(none.rows.map((r) => r.lines)).toEqual(sharedIds.map(() => 0));
    }
  });
});
