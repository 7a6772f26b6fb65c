import { beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '@/lib/auth/viewer';
import { createApiToken } from '@/lib/api-tokens/api-tokens';
import { COUNTS_AUDIT_PROBED_READS } from '@/lib/audit/record-vendor-counts';
import { recordVendorReads } from '@/lib/audit/record-vendor-reads';
import { db, pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { findAppLogSources } from '@/lib/console/find-app-log-sources';
import { readAppLogFacets } from '@/lib/insights/read-app-log-facets';
import { readAppLogVolume } from '@/lib/insights/read-app-log-volume';
import { parseQuery } from '@/lib/logs/log-range';
import { appLogVolumeQuerySchema } from '@/lib/validations/log-insights';
import { meta, vendorViewer } from '@/lib/test-support/identities';
import { GET as volumeRoute } from '@/app/api/v1/apps/[appId]/logs/volume/route';
import { GET as facetsRoute } from '@/app/api/v1/apps/[appId]/logs/facets/route';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// The chart and the facets count what the viewer's lines would show. Each
// figure is checked against a plain count(*) written here by hand over the
// sharing installations (never through the code under test), for several
// filter shapes; a site that does not share holds lines that match every
// shape and must never be counted.

type Shape = { name: string; params: Record<string, string>; where: string; sites?: string[] };

describe('the viewer chart and facets', () => {
  let viewer: Viewer;
  let appId: string;
  let shared: { id: string; site: string; environment: string }[];
  let hiddenId: string;
  const to = new Date(Math.floor(Date.now() / HOUR) * HOUR + 17 * 60_000);

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 12_000, reset: true });
    viewer = await vendorViewer('dev@lumen.example');
    const app = await db().app.findFirstOrThrow({
      where: { name: 'Timesheet Pro' },
      include: { installations: { where: { uninstalledAt: null }, include: { site: true }, orderBy: { id: 'asc' } } },
    });
    appId = app.id;
    expect(app.installations.length).toBeGreaterThanOrEqual(3);
    // Every installation but the last shares; the last holds lines that match every shape below.
    const ids = app.installations.map((i) => i.id);
    await pgPool().query('UPDATE log_access_grants SET disabled_at = now() WHERE disabled_at IS NULL AND installation_id = ANY($1::text[])', [ids]);
    await db().logAccessGrant.createMany({ data: app.installations.slice(0, -1).map((i) => ({ installationId: i.id, source: 'ADMIN' as const })) });
    shared = app.installations.slice(0, -1).map((i) => ({ id: i.id, site: i.site.url, environment: i.environment.toLowerCase() }));
    hiddenId = app.installations.at(-1)!.id;
    // Lines with the attributes, modules and words the shapes ask for, spread over the last two days, on every installation.
    await pgPool().query(
      `INSERT INTO log_lines (installation_id, ts, level, message, module, "function", app_version, attributes)
       SELECT ids[1 + n % cardinality(ids)], $2::timestamptz - n * interval '37 seconds',
              (ARRAY['ERROR','WARN','INFO','DEBUG'])[1 + n % 4]::"LogLevel",
              CASE WHEN n % 3 = 0 THEN 'payroll export timeout after ' || n ELSE 'worklog saved ' || n END,
              CASE WHEN n % 5 = 0 THEN 'scheduled/payroll export' ELSE 'resolvers/timesheet' END, 'handler', '3.4.' || (n % 2),
              CASE n % 4 WHEN 0 THEN jsonb_build_object('statusCode', 502, 'user', jsonb_build_object('id', n % 7))
                         WHEN 1 THEN jsonb_build_object('statusCode', '502', 'region', 'eu')
                         WHEN 2 THEN jsonb_build_object('region', 'us west') END
         FROM generate_series(1, 4000) n, (SELECT $1::text[] AS ids) i`,
      [ids, to],
    );
    // The hourly statistics the chart reads, as the writer keeps them.
    await pgPool().query('DELETE FROM log_hourly_stats WHERE installation_id = ANY($1::text[])', [ids]);
    await pgPool().query(
      `INSERT INTO log_hourly_stats (installation_id, hour, level, lines, bytes)
       SELECT installation_id, date_trunc('hour', ts, 'UTC'), level, count(*), 0 FROM log_lines WHERE installation_id = ANY($1::text[]) GROUP BY 1, 2, 3`,
      [ids],
    );
  });

  const shapes = (): Shape[] => [
    { name: 'no filter', params: {}, where: 'true' },
    { name: 'levels', params: { level: 'error,warn' }, where: `level IN ('ERROR', 'WARN')` },
    { name: 'q words', params: { q: 'payroll timeout' }, where: `message ILIKE '%payroll%' AND message ILIKE '%timeout%'` },
    { name: 'q level and site', params: { q: `level:error site:${shared[0]!.site}` }, where: `level = 'ERROR'`, sites: [shared[0]!.site] },
    { name: 'site list', params: { site: shared[1]!.site }, where: 'true', sites: [shared[1]!.site] },
    { name: 'attribute', params: { q: 'attr.statusCode:502' }, where: `(attributes @> '{"statusCode":502}' OR attributes @> '{"statusCode":"502"}')` },
    { name: 'exclusion and version', params: { q: '-module:scheduled', version: '3.4.1' }, where: `(module ILIKE 'scheduled%') IS NOT TRUE AND app_version = '3.4.1'` },
  ];

  const idsOf = (shape: Shape) => shared.filter((s) => !shape.sites || shape.sites.includes(s.site)).map((s) => s.id);

  function queryOf(params: Record<string, string>, from: Date) {
    return parseQuery(appLogVolumeQuerySchema, `http://test/?${new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), ...params })}`);
  }

  async function plainCount(shape: Shape, from: Date, groupBy: string) {
    const { rows } = await pgPool().query<{ key: string; n: number }>(
      `SELECT ${groupBy} AS key, count(*)::int AS n FROM log_lines WHERE installation_id = ANY($1::text[]) AND ts >= $2 AND ts < $3 AND ${shape.where} GROUP BY 1`,
      [idsOf(shape), from, to],
    );
    return Object.fromEntries(rows.map((r) => [r.key, r.n]));
  }

  it.each([
    ['30 days (day buckets, hourly statistics when the filters allow)', 29 * DAY, 86_400],
    ['24 hours (hour buckets)', DAY, 3_600],
    ['3 hours (5-minute buckets, from the lines)', 3 * HOUR, 300],
  ])('chart over %s: each bucket and level is count(*) of the same filters', async (_name, span, bucketSeconds) => {
    const from = new Date(to.getTime() - span - 23_000);
    for (const shape of shapes()) {
      const volume = await readAppLogVolume({ viewer, sources: await findAppLogSources({ appId }), query: queryOf(shape.params, from), meta });
      expect(volume.bucketSeconds, shape.name).toBe(bucketSeconds);
      expect(volume.buckets.length).toBeLessThanOrEqual(40);
      expect(volume.buckets[0]!.start).toBe(from.toISOString());
      expect(volume.buckets.at(-1)!.end).toBe(to.toISOString());
      const expected = await plainCount(shape, from, `(floor(extract(epoch FROM ts) / ${bucketSeconds}) * ${bucketSeconds})::bigint || ' ' || lower(level::text)`);
      const got: Record<string, number> = {};
      for (const bucket of volume.buckets) {
        const key = Math.floor(Date.parse(bucket.start) / 1000 / bucketSeconds) * bucketSeconds;
        for (const [level, n] of Object.entries(bucket.counts)) if (n) got[`${key} ${level}`] = n;
      }
      expect(got, shape.name).toEqual(expected);
      expect(volume.total).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
      expect(volume.countedFrom).toBe(bucketSeconds >= 3600 && !shape.params.q && !shape.params.version ? 'hourly-stats' : 'lines');
    }
  });

  it('facets: every value count is count(*) of the same filters plus that value', async () => {
    const from = new Date(to.getTime() - 2 * DAY);
    const siteOf = Object.fromEntries(shared.map((s) => [s.id, s.site]));
    for (const shape of shapes()) {
      const facets = await readAppLogFacets({ viewer, sources: await findAppLogSources({ appId }), query: queryOf(shape.params, from), meta, exactBound: 1_000_000 });
      expect(facets.sampled).toBe(false);
      const total = Object.values(await plainCount(shape, from, `''`)).reduce((a, b) => a + b, 0);
      expect(facets.matched, shape.name).toEqual({ count: total, exact: true });
      const top = (counts: Record<string, number>) => Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10);
      const asPairs = (values: { value: string; count: number }[]) => values.map((v) => [v.value, v.count]);
      expect(asPairs(facets.fields.level), shape.name).toEqual(top(await plainCount(shape, from, 'lower(level::text)')));
      expect(asPairs(facets.fields.module), shape.name).toEqual(top(await plainCount(shape, from, 'module')));
      expect(asPairs(facets.fields.version), shape.name).toEqual(top(await plainCount(shape, from, 'app_version')));
      const perSite: Record<string, number> = {};
      for (const [id, n] of Object.entries(await plainCount(shape, from, 'installation_id'))) perSite[siteOf[id]!] = (perSite[siteOf[id]!] ?? 0) + n;
      expect(asPairs(facets.fields.site), shape.name).toEqual(top(perSite));
      const keys = top(await plainCount({ ...shape, where: `${shape.where} AND jsonb_typeof(attributes) = 'object'` }, from, `jsonb_object_keys(attributes)`));
      expect(facets.attributes.map((a) => [a.key, a.count]), shape.name).toEqual(keys);
      const status = facets.attributes.find((a) => a.key === 'statusCode');
      if (status) {
        const expected = await plainCount({ ...shape, where: `${shape.where} AND attributes ? 'statusCode'` }, from, `jsonb_typeof(attributes->'statusCode') || ':' || (attributes->>'statusCode')`);
        expect(Object.fromEntries(status.values.map((v) => [`${v.type}:${v.value}`, v.count]))).toEqual(expected);
      }
    }
  });

  it('facets past the bound are counted on a sample, said to be about, and close to the exact figures', async () => {
    const from = new Date(to.getTime() - 2 * DAY);
    const sources = await findAppLogSources({ appId });
    const exact = await readAppLogFacets({ viewer, sources, query: queryOf({}, from), meta, exactBound: 1_000_000 });
    const sampled = await readAppLogFacets({ viewer, sources, query: queryOf({}, from), meta, exactBound: 100, sampleLines: 2_000 });
    expect(sampled.sampled).toBe(true);
    expect(sampled.matched.exact).toBe(false);
    expect(sampled.linesRead).toBeLessThan(exact.matched.count);
    // The sample is a fixed function of the view, so these figures are the same on every run.
    expect(Math.abs(sampled.matched.count - exact.matched.count) / exact.matched.count).toBeLessThan(0.2);
    for (const level of exact.fields.level.filter((l) => l.count > 500)) {
      const estimate = sampled.fields.level.find((l) => l.value === level.value)?.count ?? 0;
      expect(Math.abs(estimate - level.count) / level.count, level.value).toBeLessThan(0.35);
    }
  });

  it('records one audit row per site per view, however often the view is asked for', async () => {
    const from = new Date(to.getTime() - 5 * HOUR);
    const sources = await findAppLogSources({ appId });
    const mark = (await pgPool().query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM audit_events')).rows[0]!.id;
    const query = queryOf({ q: 'payroll' }, from);
    await Promise.all([readAppLogVolume({ viewer, sources, query, meta }), readAppLogFacets({ viewer, sources, query, meta })]);
    await readAppLogVolume({ viewer, sources, query, meta });
    const rowsSince = async () =>
      (
        await pgPool().query<{ installation_id: string; details: { kind: string; lines: number; filters: { q: string } } }>(
          `SELECT installation_id, details FROM audit_events WHERE id > $1 AND action = 'VENDOR_LOGS_READ' ORDER BY installation_id`,
          [mark],
        )
      ).rows;
    const rows = await rowsSince();
    expect(rows.map((r) => r.installation_id)).toEqual(shared.map((s) => s.id).sort());
    expect(rows.every((r) => r.details.kind === 'counts' && r.details.filters.q === 'payroll')).toBe(true);
    const perSite = await plainCount({ name: '', params: {}, where: `message ILIKE '%payroll%'` }, from, 'installation_id');
    expect(Object.fromEntries(rows.map((r) => [r.installation_id, r.details.lines]))).toEqual(Object.fromEntries(shared.map((s) => [s.id, perSite[s.id] ?? 0])));
    // Another view (a zoom) is a new row per site.
    await readAppLogFacets({ viewer, sources, query: queryOf({ q: 'payroll' }, new Date(from.getTime() + HOUR)), meta });
    expect((await rowsSince()).length).toBe(2 * shared.length);
  });

  it("looks for the same view among the member's newest reads of a site only, so any number of other reads costs it nothing", async () => {
    const sources = await findAppLogSources({ appId });
    const query = queryOf({ q: 'worklog' }, new Date(to.getTime() - 4 * HOUR));
    const mark = (await pgPool().query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM audit_events')).rows[0]!.id;
    const viewRows = async () =>
      Number((await pgPool().query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_events WHERE id > $1 AND details @> '{"kind":"counts"}'`, [mark])).rows[0]!.n);
    // Pages of lines read on every site meanwhile, as the viewer records them.
    const readPages = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await recordVendorReads({ viewer, app: sources.app, sources: sources.shared, kind: 'page', details: { page: i }, meta, linesPerInstallation: new Map() });
      }
    };
    await readAppLogVolume({ viewer, sources, query, meta });
    expect(await viewRows()).toBe(shared.length);
    await readPages(COUNTS_AUDIT_PROBED_READS - 1);
    await readAppLogVolume({ viewer, sources, query, meta });
    expect(await viewRows()).toBe(shared.length);
    // One read more and the view's row is past the probe: the view is recorded again.
    await readPages(1);
    await readAppLogVolume({ viewer, sources, query, meta });
    expect(await viewRows()).toBe(2 * shared.length);
  });

  describe('over HTTP', () => {
    let developerToken: string;
    let strangerToken: string;

    beforeAll(async () => {
      developerToken = (await createApiToken({ user: viewer, name: 'insights', expiresAt: null, meta })).secret;
      strangerToken = (await createApiToken({ user: await vendorViewer('dev@globex.example'), name: 'insights', expiresAt: null, meta })).secret;
    });

    async function call(route: typeof volumeRoute, params: Record<string, string>, token = developerToken) {
      const from = new Date(to.getTime() - DAY).toISOString();
      const url = `http://127.0.0.1/api/v1/apps/${appId}/logs/x?${new URLSearchParams({ from, to: to.toISOString(), ...params })}`;
      const response = await route(new Request(url, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ appId }) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } } };
    }

    it.each([
      ['volume', volumeRoute],
      ['facets', facetsRoute],
    ])('%s: answers the developer, refuses bad input with a 4xx, viewers with 403 and other vendors with 404', async (_name, route) => {
      const ok = await call(route, { q: 'payroll' });
      expect(ok.status).toBe(200);
      expect(JSON.stringify(ok.body)).not.toContain(hiddenId);

      expect((await call(route, { from: 'yesterday' })).status).toBe(400);
      expect((await call(route, { limit: '10' })).status).toBe(400);
      expect((await call(route, { level: 'loud' })).status).toBe(400);
      expect((await call(route, { from: to.toISOString() })).status).toBe(422);
      expect((await call(route, { from: new Date(to.getTime() - 60 * DAY).toISOString() })).status).toBe(422);
      const badQuery = await call(route, { q: 'level:loud' });
      expect(badQuery.status).toBe(400);
      expect(badQuery.body.error?.details).toMatchObject({ field: 'q', column: 7 });

      expect((await call(route, {}, strangerToken)).status).toBe(404);
      await db().vendorMember.updateMany({ where: { userId: viewer.id }, data: { role: 'VIEWER' } });
      try {
        expect((await call(route, {})).status).toBe(403);
      } finally {
        await db().vendorMember.updateMany({ where: { userId: viewer.id }, data: { role: 'DEVELOPER' } });
      }
    });

    it('serves ISO-8601 UTC instants with Z', async () => {
      const { body } = await call(volumeRoute, {});
      const buckets = body.buckets as { start: string; end: string }[];
      expect(buckets.every((b) => /Z$/.test(b.start) && /Z$/.test(b.end))).toBe(true);
      expect(body.from).toMatch(/Z$/);
    });
  });
});
