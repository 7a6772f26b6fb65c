import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLogPartitions } from '@/lib/db/log-partitions';
import { pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { findLogSlice } from '@/lib/logs/find-log-slice';
import { searchLogSlice, type SearchConditions } from '@/lib/logs/search-log-slice';
import type { LogLineInput } from '@/lib/logs/write-log-lines';
import { commitLogLines } from '@/lib/test-support/log-lines';
import { buildSearchIndexes, CLOSE_GRACE_MS } from '@/lib/search/build-search-indexes';
import { findUnindexedDays, forgetIndexCoverage } from '@/lib/search/index-coverage';
import { readPartitionCoverage, SEARCH_INDEXES, searchIndexName } from '@/lib/search/search-indexes';
import { installationId } from '@/lib/test-support/demo-lookups';

// The maintenance job's search indexes: built on closed days only, rebuilt
// when a concurrent build was cut off, never on today's partition, and the
// lines a search finds are the same with them as without.

const DAY = 86_400_000;
const url = () => process.env.TEST_DATABASE_URL!;
const midnight = (t: number) => Math.floor(t / DAY) * DAY;
const partitionOf = (t: number) => `log_lines_${new Date(t).toISOString().slice(0, 10).replaceAll('-', '')}`;

async function searchIndexesOf(partition: string): Promise<{ name: string; valid: boolean; definition: string }[]> {
  const { rows } = await pgPool().query<{ name: string; valid: boolean; definition: string }>(
    `SELECT ix.relname AS name, x.indisvalid AS valid, pg_get_indexdef(x.indexrelid) AS definition
       FROM pg_index x JOIN pg_class ix ON ix.oid = x.indexrelid
      WHERE x.indrelid = $1::regclass AND ix.relname LIKE $2 ORDER BY 1`,
    [partition, `${partition}\\_%`],
  );
  return rows.filter((r) => SEARCH_INDEXES.some((s) => r.name === searchIndexName(partition, s.suffix)));
}


describe('search indexes of closed days', () => {
  const now = Date.now();
  const today = midnight(now);
  const closedDay = today - 3 * DAY;
  // Yesterday counts as closed only CLOSE_GRACE_MS after midnight; a run just after midnight must still see it closed.
  const jobNow = new Date(Math.max(now, today + CLOSE_GRACE_MS));
  let installations: string[];

  const line = (installation: string, ts: number, message: string, attributes: object | null = null): LogLineInput => ({
    installationId: installation,
    ts: new Date(ts),
    level: 'INFO',
    message,
    invocationId: null,
    traceId: `trace-${message.length}`,
    module: null,
    function: null,
    appVersion: null,
    attributesJson: attributes && JSON.stringify(attributes),
  });

  beforeAll(async () => {
    await seedDemo({ databaseUrl: url(), totalLogLines: 3_000, reset: true });
    await ensureLogPartitions(pgPool(), { retentionDays: 30 });
    installations = [await installationId('Timesheet Pro', 'acme.atlassian.net'), await installationId('Timesheet Pro', 'soylent.atlassian.net')];
    const [a, b] = installations as [string, string];
    // Enough lines on the closed day that reading the sites' lines costs the planner more than the search indexes.
    await pgPool().query(
      `INSERT INTO log_lines (installation_id, ts, level, message, attributes)
       SELECT i, $2::timestamptz + g * interval '1 second', 'INFO', 'filler line ' || g, jsonb_build_object('statusCode', 200 + g % 3)
         FROM unnest($1::text[]) i, generate_series(1, 5000) g`,
      [installations, new Date(closedDay + 7_200_000)],
    );
    await pgPool().query(`ANALYZE ${partitionOf(closedDay)}`);
    // The same words on a closed day (indexed below) and today (never indexed).
    await commitLogLines(
      [closedDay + 3_600_000, today + 60_000].flatMap((t) => [
        line(a, t, 'payment Zebracorn accepted', { statusCode: 502, user: { id: 42 } }),
        line(b, t + 1, 'payment zebracorn refused', { statusCode: 200, durationMs: 1500 }),
        line(a, t + 2, 'nothing to see', { statusCode: '502' }),
      ]),
    );
  });

  afterAll(async () => {
    // Other test files share this database: leave no search index behind.
    for (const p of await readPartitionCoverage(pgPool())) {
      for (const name of [...p.valid, ...p.invalid]) await pgPool().query(`DROP INDEX IF EXISTS "${name}"`);
    }
    forgetIndexCoverage(pgPool());
  });

  it('reports every day with a partition as unindexed before the job runs, merged into one range and clipped to the search', async () => {
    const from = new Date(closedDay + 7_200_000);
    const to = new Date(now);
    expect(await findUnindexedDays(pgPool(), { from, to })).toEqual([{ from: from.toISOString(), to: to.toISOString() }]);
    expect(await findUnindexedDays(pgPool(), { from: to, to: from })).toEqual([]);
  });

  it('builds both indexes on closed days, none on today or the days ahead, and reports how long each took', async () => {
    const built: string[] = [];
    const result = await buildSearchIndexes(url(), { now: jobNow, pauseFactor: 0, coverageCacheOf: pgPool(), onBuilt: (b) => built.push(b.index) });
    expect(result.skipped).toBe(false);
    expect(result.builds.map((b) => b.index)).toEqual(built);
    expect(result.builds.every((b) => b.ms >= 0 && !b.rebuilt)).toBe(true);

    const closed = await searchIndexesOf(partitionOf(closedDay));
    expect(closed.map((i) => i.valid)).toEqual([true, true]);
    expect(closed.some((i) => i.definition.includes('gin_trgm_ops'))).toBe(true);
    expect(closed.some((i) => i.definition.includes('jsonb_path_ops'))).toBe(true);
    expect(await searchIndexesOf(partitionOf(today))).toEqual([]);
    expect(await searchIndexesOf(partitionOf(today + DAY))).toEqual([]);
    // Newest closed day first: the days most searched are ready first.
    expect(result.builds[0]?.partition).toBe(partitionOf(today - DAY));

    // Only today is left to scan; a range of closed days needs no scan at all.
    expect(await findUnindexedDays(pgPool(), { from: new Date(closedDay), to: new Date(now) })).toEqual([
      { from: new Date(today).toISOString(), to: new Date(now).toISOString() },
    ]);
    expect(await findUnindexedDays(pgPool(), { from: new Date(closedDay), to: new Date(today) })).toEqual([]);
    // A second run finds nothing to do.
    expect((await buildSearchIndexes(url(), { now: jobNow, pauseFactor: 0 })).builds).toEqual([]);
  });

  it('skips a round while another server holds the job', async () => {
    const holder = new pg.Client({ connectionString: url() });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(72707370)');
      expect(await buildSearchIndexes(url(), { pauseFactor: 0 })).toEqual({ builds: [], skipped: true });
    } finally {
      await holder.end();
    }
  });

  it('finds an index left INVALID by an interrupted concurrent build and builds it again', async () => {
    const partition = partitionOf(closedDay);
    const name = searchIndexName(partition, 'message_trgm');
    await pgPool().query(`DROP INDEX "${name}"`);
    // A writer's open transaction on the partition makes the concurrent build
    // wait after it has put its (not yet valid) index in the catalog; it is
    // cancelled there, as a server stopped half-way would leave it.
    const writer = await pgPool().connect();
    const builder = new pg.Client({ connectionString: url() });
    await builder.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(`INSERT INTO ${partition} (installation_id, ts, level, message) VALUES ($1, $2, 'INFO', 'held open')`, [installations[0], new Date(closedDay + 60_000)]);
      const building = builder.query(`CREATE INDEX CONCURRENTLY "${name}" ON ${partition} USING gin (message gin_trgm_ops)`).then(
        () => 'built',
        (error: { code?: string }) => error.code,
      );
      for (let i = 0; i < 200 && (await searchIndexesOf(partition)).every((ix) => ix.name !== name); i++) await new Promise((r) => setTimeout(r, 25));
      await pgPool().query(`SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX CONCURRENTLY%' AND query LIKE $1`, [`%${name}%`]);
      expect(await building).toBe('57014');
      await writer.query('ROLLBACK');
    } finally {
      writer.release();
      await builder.end();
    }
    expect((await searchIndexesOf(partition)).find((ix) => ix.name === name)?.valid).toBe(false);
    forgetIndexCoverage(pgPool());
    expect(await findUnindexedDays(pgPool(), { from: new Date(closedDay), to: new Date(closedDay + DAY) })).toEqual([
      { from: new Date(closedDay).toISOString(), to: new Date(closedDay + DAY).toISOString() },
    ]);

    const { builds } = await buildSearchIndexes(url(), { now: jobNow, pauseFactor: 0, coverageCacheOf: pgPool() });
    expect(builds.map((b) => [b.index, b.rebuilt])).toEqual([[name, true]]);
    const rebuilt = (await searchIndexesOf(partition)).find((ix) => ix.name === name);
    expect(rebuilt?.valid).toBe(true);
    expect(rebuilt?.definition).toContain('gin_trgm_ops');
    expect(await findUnindexedDays(pgPool(), { from: new Date(closedDay), to: new Date(closedDay + DAY) })).toEqual([]);
  });

  it('leaves ingest into today as it was: lines are written and today has no search index', async () => {
    await commitLogLines([line(installations[0]!, now - 1_000, 'written after the build zebracorn')]);
    const { rows } = await pgPool().query<{ n: string }>(`SELECT count(*) AS n FROM ${partitionOf(today)} WHERE message = 'written after the build zebracorn'`);
    expect(rows[0]?.n).toBe('1');
    expect(await searchIndexesOf(partitionOf(today))).toEqual([]);
  });

  // The shapes the search compiler emits (lib/search/query-conditions.ts), over a closed and an open day.
  const shapes: [string, string, (bind: (v: unknown) => string) => string][] = [
    ['a word', 'zebracorn', (bind) => `l.message ILIKE ${bind('%zebracorn%')}`],
    ['a word that is also a level', 'info', (bind) => `(l.message ILIKE ${bind('%info%')} OR l.level = 'INFO')`],
    ['an attribute', 'attr.statusCode:502', (bind) => `(l.attributes @> ${bind('{"statusCode":502}')}::jsonb OR l.attributes @> ${bind('{"statusCode":"502"}')}::jsonb)`],
    ['a nested attribute', 'attr.user.id:42', (bind) => `l.attributes @> ${bind('{"user":{"id":42}}')}::jsonb`],
    [
      'a numeric comparison',
      'attr.durationMs:>1000',
      (bind) => `jsonb_typeof(l.attributes #> ${bind('{durationMs}')}::text[]) = 'number' AND (l.attributes #> ${bind('{durationMs}')}::text[])::numeric > ${bind(1000)}`,
    ],
    ['a trace', 'trace:trace-25', (bind) => `l.trace_id = ${bind('trace-25')}`],
  ];

  it.each(shapes)('finds the same lines, in the same order, with the indexes as without: %s', async (_name, query, condition) => {
    const params: unknown[] = [installations, new Date(closedDay), new Date(now)];
    const bind = (v: unknown) => `$${params.push(v)}`;
    const sql = `SELECT l.id::text FROM log_lines l
                  WHERE l.installation_id = ANY($1::text[]) AND l.ts >= $2 AND l.ts < $3 AND (${condition(bind)})
                  ORDER BY l.ts DESC, l.id DESC LIMIT 100`;
    const client = await pgPool().connect();
    try {
      // The index path, forced (the demo's days are too small for the planner to want it on its own) ...
      await client.query('SET enable_seqscan = off');
      await client.query('SET enable_indexscan = off');
      const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
      const indexed = (await client.query<{ id: string }>(sql, params)).rows.map((r) => r.id);
      // ... and the scan, no index at all.
      await client.query('RESET enable_seqscan; RESET enable_indexscan; SET enable_bitmapscan = off; SET enable_indexscan = off');
      const scanned = (await client.query<{ id: string }>(sql, params)).rows.map((r) => r.id);
      await client.query('RESET ALL');
      expect(indexed).toEqual(scanned);
      expect(scanned.length).toBeGreaterThan(0);
      // Closed days were read through their search indexes where the shape can use one (which, on each day, is the planner's choice).
      if (['zebracorn', 'attr.statusCode:502', 'attr.user.id:42'].includes(query)) {
        expect(plan).toMatch(/Bitmap Index Scan on log_lines_\d{8}_(message_trgm|attributes_path)/);
      }
    } finally {
      client.release();
    }
  });

  const everyPage = async (page: (cursor?: string) => Promise<{ lines: { id: string }[]; nextCursor: string | null }>) => {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 500; n++) {
      const slice = await page(cursor);
      ids.push(...slice.lines.map((l) => l.id));
      if (!slice.nextCursor) return ids;
      cursor = slice.nextCursor;
    }
    throw new Error('no last page after 500 pages');
  };

  const pageShapes: [string, SearchConditions][] = [
    ...shapes.map(([name, , condition]): [string, SearchConditions] => [name, (bind) => [condition(bind)]]),
    // In a third of the closed day's lines: the first way (the newest lines of each site) finds its pages.
    ['a common word', (bind) => [`l.message ILIKE ${bind('%line 1%')}`]],
    // In 1 line of 50: not decided by the first look, the walk goes on rather than the index.
    ['a word in some lines', (bind) => [`l.message ILIKE ${bind('%line 42%')}`]],
    ['no match at all', (bind) => [`l.message ILIKE ${bind('%no such words here%')}`]],
  ];

  it.each(pageShapes)('pages through every matching line once, newest first, across the closed and the open day: %s', async (_name, conditions) => {
    const from = new Date(closedDay);
    const to = new Date(now);
    const params: unknown[] = [installations, from, to];
    const bind = (v: unknown) => `$${params.push(v)}`;
    const { rows } = await pgPool().query<{ id: string; level: string }>(
      `SELECT l.id::text, l.level FROM log_lines l WHERE l.installation_id = ANY($1::text[]) AND l.ts >= $2 AND l.ts < $3 AND ${conditions(bind).join(' AND ')} ORDER BY l.ts DESC, l.id DESC`,
      params,
    );
    const limits = rows.length > 1_000 ? [250] : [7, 100];
    for (const limit of limits) {
      const ids = await everyPage((cursor) => searchLogSlice(pgPool(), { installationIds: installations, from, to, limit, cursor }, conditions));
      expect(ids).toEqual(rows.map((r) => r.id));
    }
    // With a level filter: a walk per site and level.
    const levels = await everyPage((cursor) =>
      searchLogSlice(pgPool(), { installationIds: installations, from, to, limit: limits[0]!, cursor, levels: ['error', 'info'] }, conditions),
    );
    expect(levels).toEqual(rows.filter((r) => r.level === 'ERROR' || r.level === 'INFO').map((r) => r.id));
  });

  it("serves today's q through the search too, with the same lines as the plain query", async () => {
    const from = new Date(closedDay);
    const to = new Date(now);
    const ids = await everyPage((cursor) => findLogSlice({ installationIds: installations, from, to, limit: 9, cursor, q: 'zebracorn' }));
    const { rows } = await pgPool().query<{ id: string }>(
      `SELECT id::text FROM log_lines WHERE installation_id = ANY($1::text[]) AND ts >= $2 AND ts < $3 AND message ILIKE '%zebracorn%' ORDER BY ts DESC, id DESC`,
      [installations, from, to],
    );
    expect(ids).toEqual(rows.map((r) => r.id));
    expect(ids.length).toBe(5);
  });
});
