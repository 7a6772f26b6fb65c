import { escapeLiteral } from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as readAppLogsRoute } from '@/app/api/v1/apps/[appId]/logs/route';
import { GET as exportAppLogsRoute } from '@/app/api/v1/apps/[appId]/logs/export/route';
import { GET as countAppLogsRoute } from '@/app/api/v1/apps/[appId]/logs/count/route';
import { createApiToken } from '@/lib/api-tokens/api-tokens';
import { db, pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { AppError } from '@/lib/errors';
import { findLogSlice } from '@/lib/logs/find-log-slice';
import { lineFilterConditions } from '@/lib/logs/line-filters';
import { countMatchingLines } from '@/lib/search/count-matching-lines';
import { parseSearchQuery } from '@/lib/search/parse-query';
import type { SearchSource } from '@/lib/search/query-conditions';
import { meta, vendorViewer } from '@/lib/test-support/identities';

// The compiled search conditions against real lines: attributes typed and as
// strings, nested keys, level words, phrases, exclusions, OR, fields; bound
// as parameters (pages, counts) and inlined as literals (exports' COPY) alike.
// Then the API: the count and time of a search, and a 400 that says where.

const HOUR = 3_600_000;

type Line = { name: string; site: 0 | 1; level: string; message: string; attributes?: unknown; module?: string; fn?: string; version?: string; invocation?: string; trace?: string };

const LINES: Line[] = [
  { name: 'A', site: 0, level: 'ERROR', message: 'payment timeout after 30s', attributes: { statusCode: 502, user: { id: 42 }, durationMs: 1500 } },
  { name: 'B', site: 1, level: 'INFO', message: 'Payment succeeded', attributes: { statusCode: '502', user: { id: '42' }, durationMs: '2000' } },
  { name: 'C', site: 0, level: 'WARN', message: 'connection reset by peer', attributes: { durationMs: 900, route: '/a b' }, module: 'billing.jobs', fn: 'chargeCard', version: '2.1.0', invocation: 'inv-sq-1', trace: 'trace-sq-1' },
  { name: 'D', site: 1, level: 'DEBUG', message: 'reset the connection' },
  { name: 'E', site: 0, level: 'INFO', message: '100%_done \\ path', attributes: { ok: true, durationMs: 'n/a' } },
  { name: 'F', site: 1, level: 'INFO', message: 'an error word in an info line', attributes: { deep: { a: { b: { c: 7 } } } } },
];

describe('search queries against stored lines', () => {
  let app: string;
  let sources: (SearchSource & { siteHost: string })[];
  let token: string;
  const from = new Date(Date.now() - 2 * HOUR);
  const to = new Date(Date.now() + 60_000);

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 500, reset: true });
    const found = await db().app.findFirstOrThrow({
      where: { name: 'Timesheet Pro' },
      include: { installations: { where: { uninstalledAt: null, environment: 'PRODUCTION' }, include: { site: true }, orderBy: { id: 'asc' }, take: 2 } },
    });
    app = found.id;
    sources = found.installations.map((i) => ({ installationId: i.id, siteUrl: i.site.url, siteHost: i.site.url, environment: i.environment }));
    expect(sources).toHaveLength(2);
    await pgPool().query('UPDATE log_access_grants SET disabled_at = now() WHERE disabled_at IS NULL AND installation_id = ANY($1::text[])', [sources.map((s) => s.installationId)]);
    await db().logAccessGrant.createMany({ data: sources.map((s) => ({ installationId: s.installationId, source: 'ADMIN' as const })) });
    for (const [i, line] of LINES.entries()) {
      await pgPool().query(
        `INSERT INTO log_lines (installation_id, ts, level, message, attributes, module, "function", app_version, invocation_id, trace_id)
         VALUES ($1, now() - $2 * interval '1 second', $3, $4, $5::jsonb, $6, $7, $8, $9, $10)`,
        [sources[line.site]!.installationId, i + 1, line.level, `sq ${line.name} ${line.message}`, line.attributes === undefined ? null : JSON.stringify(line.attributes), line.module ?? null, line.fn ?? null, line.version ?? null, line.invocation ?? null, line.trace ?? null],
      );
    }
    ({ secret: token } = await createApiToken({ user: await vendorViewer('dev@lumen.example'), name: 'search reader', expiresAt: null, meta }));
  });

  /** The names of the test's lines that match, with the query bound as parameters or inlined as literals. */
  async function matching(q: string, binding: 'parameters' | 'literals' = 'parameters'): Promise<string[]> {
    const params: unknown[] = [sources.map((s) => s.installationId), from, to];
    const add =
      binding === 'parameters'
        ? (value: unknown) => `$${params.push(value)}`
        : (value: unknown) => (Array.isArray(value) ? `ARRAY[${value.map((v) => escapeLiteral(String(v))).join(', ')}]::text[]` : escapeLiteral(String(value)));
    const where = lineFilterConditions({ q: parseSearchQuery(q), searchSources: sources }, add);
    const { rows } = await pgPool().query<{ name: string }>(
      `SELECT split_part(message, ' ', 2) AS name FROM log_lines l
        WHERE l.installation_id = ANY($1::text[]) AND l.ts >= $2 AND l.ts < $3 AND l.message LIKE 'sq %' AND ${where.join(' AND ')}
        ORDER BY 1`,
      params,
    );
    return rows.map((r) => r.name);
  }

  it.each([
    ['timeout', 'A'],
    ['PAYMENT', 'AB'],
    ['error', 'AF'],
    ['warning', 'C'],
    ['"connection reset"', 'C'],
    ['connection reset', 'CD'],
    ['reset -peer', 'D'],
    ['-attr.statusCode:502', 'CDEF'],
    ['attr.statusCode:502', 'AB'],
    ['attr.statusCode:"502"', 'B'],
    ['attr.user.id:42', 'AB'],
    ['attr.durationMs:>1000', 'A'],
    ['attr.durationMs:<=900', 'C'],
    ['attr.durationMs:>=0', 'AC'],
    ['attr.ok:true', 'E'],
    ['attr.route:"/a b"', 'C'],
    ['attr.deep.a.b.c:7', 'F'],
    ['attr.deep.a:7', ''],
    ['timeout OR succeeded', 'AB'],
    ['(timeout OR succeeded) level:info', 'B'],
    ['NOT (level:info OR level:debug)', 'AC'],
    ['module:BILLING function:charge version:2.1', 'C'],
    ['-module:billing', 'ABDEF'],
    ['invocation:inv-sq-1', 'C'],
    ['trace:trace-sq-1 OR trace:nothing', 'C'],
    ['100%_done', 'E'],
    ['100%x', ''],
    ['"\\\\ path"', 'E'],
    ['env:production', 'ABCDEF'],
    ['env:staging', ''],
  ])('%s matches %j', async (q, names) => {
    expect((await matching(q)).join('')).toBe(names);
    expect((await matching(q, 'literals')).join('')).toBe(names);
  });

  it('matches site: by part of the URL, alone or among other terms', async () => {
    const second = sources[1]!.siteUrl;
    expect((await matching(`site:${second.toUpperCase()}`)).join('')).toBe('BDF');
    expect((await matching(`site:${second} OR timeout`)).join('')).toBe('ABDF');
    expect((await matching(`-site:${second}`, 'literals')).join('')).toBe('ACE');
  });

  it('counts exactly up to the bound, then says there are more', async () => {
    const base = { installationIds: sources.map((s) => s.installationId), from, to, searchSources: sources };
    expect(await countMatchingLines({ ...base, q: parseSearchQuery('sq payment') })).toEqual({ count: 2, exact: true });
    expect(await countMatchingLines({ ...base, q: parseSearchQuery('"sq "'), bound: 3 })).toEqual({ count: 3, exact: false });
    expect(await countMatchingLines({ ...base, q: parseSearchQuery('"sq "'), bound: 6 })).toEqual({ count: 6, exact: true });
  });

  it('answers "more than the bound" from the hourly statistics when only levels filter, and counts lines otherwise', async () => {
    const hour = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR);
    const base = { installationIds: [sources[0]!.installationId], from: new Date(hour.getTime() - HOUR), to: new Date(hour.getTime() + 2 * HOUR), searchSources: sources };
    const { rows: [before] } = await pgPool().query<{ n: number }>('SELECT count(*)::int AS n FROM log_lines WHERE installation_id = $1 AND ts >= $2 AND ts < $3', [base.installationIds[0], base.from, base.to]);
    expect(before!.n).toBeLessThan(50);
    expect(await countMatchingLines({ ...base, bound: 50 })).toEqual({ count: before!.n, exact: true });
    // Statistics that say the whole hour inside the range held 20,000 lines at the debug level.
    await pgPool().query(`INSERT INTO log_hourly_stats (installation_id, hour, level, lines, bytes) VALUES ($1, $2, 'DEBUG', 20000, 0)`, [base.installationIds[0], hour]);
    try {
      expect(await countMatchingLines({ ...base, bound: 50 })).toEqual({ count: 50, exact: false });
      expect(await countMatchingLines({ ...base, levels: ['debug'], bound: 50 })).toEqual({ count: 50, exact: false });
      // Other levels, or any other filter, are counted from the lines themselves.
      const { rows: [errors] } = await pgPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM log_lines WHERE installation_id = $1 AND ts >= $2 AND ts < $3 AND level = 'ERROR'`, [base.installationIds[0], base.from, base.to]);
      expect(await countMatchingLines({ ...base, levels: ['error'], bound: 50 })).toEqual({ count: errors!.n, exact: true });
      expect(await countMatchingLines({ ...base, q: parseSearchQuery('"sq "'), bound: 50 })).toEqual({ count: 3, exact: true });
      // A range holding no whole hour asks no statistics.
      expect(await countMatchingLines({ ...base, from: new Date(hour.getTime() + 60_000), to: new Date(hour.getTime() + 2 * 60_000), bound: 50 })).toMatchObject({ exact: true });
    } finally {
      await pgPool().query(`DELETE FROM log_hourly_stats WHERE installation_id = $1 AND hour = $2 AND level = 'DEBUG' AND lines = 20000`, [base.installationIds[0], hour]);
    }
  });

  const get = (route: typeof readAppLogsRoute, path: string, params: Record<string, string>) =>
    route(new Request(`http://127.0.0.1${path}?${new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), ...params })}`, { headers: { authorization: `Bearer ${token}` } }), {
      params: Promise.resolve({ appId: app }),
    });

  it('answers the viewer with the lines and how long it took, and the count beside it with how many match', async () => {
    const response = await get(readAppLogsRoute, `/api/v1/apps/${app}/logs`, { q: '"sq " attr.statusCode:502', limit: '1' });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { lines: { message: string; timestamp: string; attributes: unknown }[]; matched?: unknown; tookMs: number; nextCursor: string; unindexed?: { from: string; to: string }[] };
    expect(page.lines.map((l) => l.message)).toEqual(['sq A payment timeout after 30s']);
    expect(page.lines[0]!.attributes).toEqual(LINES[0]!.attributes);
    expect(page.matched).toBeUndefined();
    expect(page.tookMs).toBeGreaterThanOrEqual(0);
    const counted = await get(countAppLogsRoute, `/api/v1/apps/${app}/logs/count`, { q: '"sq " attr.statusCode:502' });
    expect(counted.status).toBe(200);
    expect(await counted.json()).toEqual({ matched: { count: 2, exact: true }, tookMs: expect.any(Number) });
    // No maintenance ran here, so the days holding these lines have no search index, and the page says it scanned them.
    const at = page.lines[0]!.timestamp;
    expect(page.unindexed?.some((r) => r.from <= at && at < r.to)).toBe(true);
    expect(page.unindexed?.every((r) => r.from >= from.toISOString() && r.to <= to.toISOString() && r.to.endsWith('Z'))).toBe(true);
    const next = (await (await get(readAppLogsRoute, `/api/v1/apps/${app}/logs`, { q: '"sq " attr.statusCode:502', limit: '1', cursor: page.nextCursor })).json()) as typeof page;
    expect(next.lines.map((l) => l.message)).toEqual(['sq B Payment succeeded']);
    expect(next.unindexed).toBeUndefined();
  });

  it('reads and records only the sites a top-level site: term names', async () => {
    const { rows: [mark] } = await pgPool().query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM audit_events');
    const q = `"sq " site:${sources[1]!.siteUrl}`;
    const page = (await (await get(readAppLogsRoute, `/api/v1/apps/${app}/logs`, { q })).json()) as { lines: { message: string }[] };
    expect(page.lines).toHaveLength(3);
    const counted = (await (await get(countAppLogsRoute, `/api/v1/apps/${app}/logs/count`, { q })).json()) as { matched: { count: number } };
    expect(counted.matched.count).toBe(3);
    const { rows } = await pgPool().query<{ installation_id: string; q: string; kind: string; matched: number | null }>(
      `SELECT installation_id, details->'filters'->>'q' AS q, details->>'kind' AS kind, (details->>'matched')::int AS matched
         FROM audit_events WHERE id > $1 AND action = 'VENDOR_LOGS_READ' ORDER BY id`,
      [mark!.id],
    );
    expect(rows).toEqual([
      { installation_id: sources[1]!.installationId, q, kind: 'page', matched: null },
      { installation_id: sources[1]!.installationId, q, kind: 'count', matched: 3 },
    ]);
  });

  it.each([
    ['"unclosed', 1, 'never closed'],
    ['  level:fatal', 9, 'Unknown level'],
    ['a OR', 3, 'OR needs a term after it'],
    ['x\u0000', 2, 'control characters'],
    ['attr.n:>abc', 8, 'needs a number'],
  ])('refuses %j with a 400 saying the column', async (q, column, message) => {
    const routes = { logs: readAppLogsRoute, export: exportAppLogsRoute, count: countAppLogsRoute };
    for (const [name, route] of Object.entries(routes)) {
      const response = await get(route, name === 'logs' ? `/api/v1/apps/${app}/logs` : `/api/v1/apps/${app}/logs/${name}`, { q });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string; details: unknown } };
      expect(body.error.code).toBe('bad_request');
      expect(body.error.message).toContain(message);
      expect(body.error.message).toContain(`column ${column}`);
      expect(body.error.details).toMatchObject({ field: 'q', column });
    }
  });

  it('refuses site: on one installation (an admin\'s page), where the site is already chosen', async () => {
    const read = findLogSlice({ installationIds: [sources[0]!.installationId], from, to, limit: 10, q: parseSearchQuery('sq site:acme') });
    await expect(read).rejects.toThrow(AppError);
    await expect(read).rejects.toMatchObject({ code: 'bad_request', more: { details: { field: 'q', column: 4, length: 9 } } });
  });

  it('exports the matching lines with their attributes: a field of NDJSON, a JSON column of CSV', async () => {
    const ndjson = await (await get(exportAppLogsRoute, `/api/v1/apps/${app}/logs/export`, { q: '"sq " (attr.user.id:42 OR reset)', format: 'ndjson' })).text();
    const lines = ndjson.trimEnd().split('\n').map((l) => JSON.parse(l) as { message: string; attributes: unknown });
    expect(lines.map((l) => [l.message.split(' ')[1], l.attributes])).toEqual([
      ['D', null],
      ['C', LINES[2]!.attributes],
      ['B', LINES[1]!.attributes],
      ['A', LINES[0]!.attributes],
    ]);
    const csv = await (await get(exportAppLogsRoute, `/api/v1/apps/${app}/logs/export`, { q: '"sq A"', format: 'csv' })).text();
    const [header, row] = csv.trimEnd().split('\n');
    expect(header!.split(',').at(-1)).toBe('attributes');
    const cell = /,"(\{.*\})"$/.exec(row!)?.[1];
    expect(JSON.parse(cell!.replaceAll('""', '"'))).toEqual(LINES[0]!.attributes);
  });
});
