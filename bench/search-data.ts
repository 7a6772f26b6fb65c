import './server-only';
import pg from 'pg';
import { buildSearchIndexes, type SearchIndexBuild } from '@/lib/search/build-search-indexes';
import { int, say } from './report';
import type { ConsoleFixture } from './seed-console';

// What the search bench needs in the data, added once to any seed (old seeds
// lack it) before the search indexes are built: a rare word put deliberately
// into 1 in RARE_EVERY lines of the console's sharing installations (so
// "rare" is a fact of the data, not of chance), and a statusCode attribute
// (200, or 502 in 1 of 1,000) on their lines that carry attributes. Then the
// maintenance job's index build, run here before the portal starts (the
// portal's own job would otherwise build them while other parts measure).
// Each build's time is kept in bench_search_builds; the busy day's is
// reported (BENCH_SEARCH_REINDEX=1 drops its indexes to time them again: a
// few minutes on the 2-core machine).

export const RARE_WORD = 'quetzalfrost';
const RARE_EVERY = 25_000;
const SEARCH_SEED_VERSION = 1;

export type SearchData = {
  /** Lines holding the rare word, in the console's installations, and how many lines they have in all. */
  rareLines: number;
  consoleLines: number;
  /** A trace of the console's oldest day, to look up over the whole window. */
  oldTraceId: string;
  /** The busy day's index builds, timed, with the partition's lines. */
  busyDayBuilds: (SearchIndexBuild & { earlier: boolean })[];
  busyDayLines: number;
  /** Sizes of the busy day's partition: its message text and trigram index, its attributes and their index. */
  sizes: { messageBytes: number; trigramBytes: number; attributeBytes: number; attributeIndexBytes: number; tableBytes: number };
};

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function seedSearchData(client: pg.Client, fixture: ConsoleFixture) {
  await client.query('CREATE TABLE IF NOT EXISTS bench_search_meta (id int PRIMARY KEY DEFAULT 1, version int NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now())');
  const { rows } = await client.query<{ version: number }>('SELECT version FROM bench_search_meta');
  if (rows[0]?.version === SEARCH_SEED_VERSION) return;
  const started = performance.now();
  say(`  adding the search data: "${RARE_WORD}" in 1 of ${int(RARE_EVERY)} of the console's lines, statusCode on its lines with attributes`);
  // Before any search index exists, so the updates touch none.
  const { rows: indexed } = await client.query<{ name: string }>(`SELECT indexrelid::regclass::text AS name FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid WHERE c.relname ~ '^log_lines_[0-9]{8}_(message_trgm|attributes_path)$'`);
  for (const { name } of indexed) await client.query(`DROP INDEX ${name}`);
  await client.query(
    `UPDATE log_lines SET message = message || ' ' || $2, message_masked = message_masked || ' ' || $2
      WHERE installation_id = ANY($1::text[]) AND id % $3 = 7`,
    [fixture.installationIds, RARE_WORD, RARE_EVERY],
  );
  await client.query(
    `UPDATE log_lines SET attributes = attributes || jsonb_build_object('statusCode', CASE WHEN id % 1000 = 3 THEN 502 ELSE 200 END)
      WHERE installation_id = ANY($1::text[]) AND attributes IS NOT NULL`,
    [fixture.installationIds],
  );
  await client.query("SET maintenance_work_mem = '256MB'");
  await client.query('VACUUM (ANALYZE) log_lines');
  await client.query('INSERT INTO bench_search_meta (version) VALUES ($1) ON CONFLICT (id) DO UPDATE SET version = excluded.version, seeded_at = now()', [SEARCH_SEED_VERSION]);
  say(`  search data added in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

export async function prepareSearchData(databaseUrl: string, fixture: ConsoleFixture, busyDay: Date): Promise<SearchData> {
  const busyPartition = `log_lines_${busyDay.toISOString().slice(0, 10).replaceAll('-', '')}`;
  const facts = await withClient(databaseUrl, async (client) => {
    await seedSearchData(client, fixture);
    await client.query('CREATE TABLE IF NOT EXISTS bench_search_builds (index text PRIMARY KEY, partition text NOT NULL, ms int NOT NULL, built_at timestamptz NOT NULL DEFAULT now())');
    if (process.env.BENCH_SEARCH_REINDEX === '1') {
      for (const suffix of ['message_trgm', 'attributes_path']) await client.query(`DROP INDEX IF EXISTS ${busyPartition}_${suffix}`);
    }
    const counts = await client.query<{ rare: string; all: string }>(
      `SELECT count(*) FILTER (WHERE message LIKE $2) AS rare, count(*) AS all FROM log_lines WHERE installation_id = ANY($1::text[])`,
      [fixture.installationIds, `%${RARE_WORD}%`],
    );
    const trace = await client.query<{ trace_id: string }>(
      'SELECT trace_id FROM log_lines WHERE installation_id = $1 AND ts >= (SELECT min(ts) FROM log_lines) ORDER BY ts LIMIT 1',
      [fixture.installationIds[1]],
    );
    const lines = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${busyPartition}`);
    return { rare: Number(counts.rows[0]?.rare), all: Number(counts.rows[0]?.all), trace: trace.rows[0]?.trace_id ?? '', busyLines: Number(lines.rows[0]?.n) };
  });

  say(`  building the search indexes of the closed days (the maintenance job, without its pauses)`);
  const recorded: SearchIndexBuild[] = [];
  const { skipped } = await buildSearchIndexes(databaseUrl, {
    pauseFactor: 0,
    onBuilt: (b) => {
      recorded.push(b);
      say(`    ${b.index}: ${(b.ms / 1000).toFixed(1)} s${b.rebuilt ? ' (rebuilt an INVALID one)' : ''}`);
    },
  });
  if (skipped) say('    skipped: another process is building them (the figures below say which days had no index)');
  const { sizes, builds } = await withClient(databaseUrl, async (client) => {
    for (const b of recorded) {
      await client.query('INSERT INTO bench_search_builds (index, partition, ms) VALUES ($1, $2, $3) ON CONFLICT (index) DO UPDATE SET ms = excluded.ms, built_at = now()', [b.index, b.partition, b.ms]);
    }
    const kept = await client.query<{ index: string; partition: string; ms: number }>('SELECT index, partition, ms FROM bench_search_builds WHERE partition = $1 ORDER BY index', [busyPartition]);
    const { rows } = await client.query<{ message: string; attributes: string; table: string; trgm: string; attr: string }>(
      `SELECT sum(octet_length(message)) AS message, sum(coalesce(octet_length(attributes::text), 0)) AS attributes,
              pg_table_size('${busyPartition}') AS table,
              pg_relation_size('${busyPartition}_message_trgm') AS trgm, pg_relation_size('${busyPartition}_attributes_path') AS attr
         FROM ${busyPartition}`,
    );
    const r = rows[0]!;
    return {
      sizes: { messageBytes: Number(r.message), trigramBytes: Number(r.trgm), attributeBytes: Number(r.attributes), attributeIndexBytes: Number(r.attr), tableBytes: Number(r.table) },
      builds: kept.rows.map((b) => ({ ...b, rebuilt: false, earlier: !recorded.some((x) => x.index === b.index) })),
    };
  });
  return {
    rareLines: facts.rare,
    consoleLines: facts.all,
    oldTraceId: facts.trace,
    busyDayBuilds: builds,
    busyDayLines: facts.busyLines,
    sizes,
  };
}
