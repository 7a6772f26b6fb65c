import pg from 'pg';
import { hashPassword } from '@/lib/auth/password';
import { dropDatabase, ensureDatabase } from '@/lib/db/databases';
import { migrate } from '@/lib/db/migrate';
import { allLoghubMessages } from '@/lib/demo/loghub-messages';
import { rebuildHourlyStats } from '@/lib/logs/rebuild-hourly-stats';
import { DAY, seedParams, type BenchConfig } from './config';
import { ADMIN_PASSWORD, catalogStatements, DAY_LINES_SQL, DROP_SCRATCH_SQL, MESSAGE_POOL_SQL, SCRATCH_TABLES_SQL } from './seed-sql';
import { prepareConsole, type ConsoleFixture } from './seed-console';
import { BUSY_INSTALLATION, installationId, seedPlan } from './seed-plan';

// The bench database: created and migrated when missing, seeded once, and
// re-used while it holds the same parameters and its days are still inside
// the portal's retention (older days cannot be exported). Anything else -- a
// different size, a seed cut off half-way (no meta row), BENCH_FRESH=1 -- drops
// the database and seeds it again.

export type Dataset = {
  windowStart: Date;
  windowEnd: Date;
  /** The busy installation's busy day: the last day of the window. */
  busyDay: Date;
  busyInstallationId: string;
  lines: number;
  seedSeconds: number;
  reused: boolean;
  /** The console viewer's app, sharing installations and API token (added to older seeds too). */
  console: ConsoleFixture;
};

type SeedMeta = { params: unknown; window_start: Date; window_end: Date; seed_seconds: number; lines: string };

/** Two loaders: one per core of the bench machine. */
const SEED_JOBS = 2;

const log = (message: string) => process.stdout.write(`  ${message}\n`);
const seconds = (startMs: number) => (performance.now() - startMs) / 1000;

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Written last, so a seed cut off half-way leaves none behind. */
const META_TABLE_SQL = `CREATE TABLE IF NOT EXISTS bench_seed_meta (
  id int PRIMARY KEY DEFAULT 1, params jsonb NOT NULL, window_start timestamptz NOT NULL, window_end timestamptz NOT NULL,
  seed_seconds double precision NOT NULL, lines bigint NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now())`;

async function readMeta(url: string): Promise<SeedMeta | undefined> {
  return withClient(url, async (client) => {
    await client.query(META_TABLE_SQL);
    const { rows } = await client.query<SeedMeta>('SELECT params, window_start, window_end, seed_seconds, lines FROM bench_seed_meta');
    return rows[0];
  });
}

/** jsonb keeps its own key order, so compare key by key. */
function sameParams(stored: unknown, wanted: Record<string, unknown>): boolean {
  if (typeof stored !== 'object' || stored === null) return false;
  const entries = Object.entries(stored);
  return entries.length === Object.keys(wanted).length && entries.every(([key, value]) => wanted[key] === value);
}

function whyNotReusable(config: BenchConfig, meta: SeedMeta | undefined): string | undefined {
  if (config.fresh) return 'BENCH_FRESH=1';
  if (!meta) return 'no complete seed yet';
  if (!sameParams(meta.params, seedParams(config))) return 'different parameters';
  const oldestExportable = Date.now() - config.retentionDays * DAY;
  if (meta.window_start.getTime() < oldestExportable) return 'the seeded days have aged out of retention';
  return undefined;
}

export async function prepareDataset(config: BenchConfig): Promise<Dataset> {
  await ensureDatabase(config.databaseUrl, config.databaseName);
  await migrate(config.databaseUrl);
  const meta = await readMeta(config.databaseUrl);
  const reason = whyNotReusable(config, meta);
  if (!reason && meta) {
    log(`re-using the seeded data of ${meta.window_start.toISOString().slice(0, 10)} (seeding took ${meta.seed_seconds.toFixed(0)} s then)`);
    return dataset(meta.window_start, meta.window_end, Number(meta.lines), meta.seed_seconds, true, await prepareConsole(config.databaseUrl));
  }

  log(`seeding ${config.lines.toLocaleString('en-US')} lines (${reason})`);
  await dropDatabase(config.databaseUrl, config.databaseName);
  await ensureDatabase(config.databaseUrl, config.databaseName);
  await migrate(config.databaseUrl);
  const started = performance.now();
  await seed(config);
  const seedSeconds = seconds(started);
  await withClient(config.databaseUrl, async (client) => {
    await client.query(META_TABLE_SQL);
    await client.query('INSERT INTO bench_seed_meta (params, window_start, window_end, seed_seconds, lines) VALUES ($1, $2, $3, $4, $5)', [
      JSON.stringify(seedParams(config)),
      config.windowStart,
      config.windowEnd,
      seedSeconds,
      config.lines,
    ]);
  });
  log(`seeding took ${seedSeconds.toFixed(1)} s`);
  return dataset(config.windowStart, config.windowEnd, config.lines, seedSeconds, false, await prepareConsole(config.databaseUrl));
}

function dataset(windowStart: Date, windowEnd: Date, lines: number, seedSeconds: number, reused: boolean, console: ConsoleFixture): Dataset {
  return { windowStart, windowEnd, busyDay: new Date(windowEnd.getTime() - DAY), busyInstallationId: BUSY_INSTALLATION, lines, seedSeconds, reused, console };
}

async function seed(config: BenchConfig) {
  const url = config.databaseUrl;
  const days = Array.from({ length: config.days }, (_, i) => new Date(config.windowStart.getTime() + i * DAY).toISOString().slice(0, 10));
  let step = performance.now();

  await withClient(url, async (client) => {
    const passwordHash = await hashPassword(ADMIN_PASSWORD);
    await client.query('BEGIN');
    for (const statement of catalogStatements(config.installations, config.windowStart, passwordHash)) await client.query(statement);
    await client.query('COMMIT');

    await client.query(SCRATCH_TABLES_SQL);
    const base = Object.values(allLoghubMessages()).flat().map((m) => m.message);
    await client.query('INSERT INTO bench_loghub (n, message) SELECT n - 1, m FROM unnest($1::text[]) WITH ORDINALITY AS u(m, n)', [base]);
    await client.query('SELECT setseed(0.5)');
    await client.query(MESSAGE_POOL_SQL);
    const plan = seedPlan(config, config.windowStart);
    await client.query('INSERT INTO bench_plan (installation_id, day, lines) SELECT * FROM unnest($1::text[], $2::date[], $3::int[])', [
      plan.map((p) => p.installationId),
      plan.map((p) => p.day),
      plan.map((p) => p.lines),
    ]);
    await client.query('SELECT logshare_ensure_log_partitions($1::date, $2::date)', [days[0], days.at(-1)]);
    await client.query('ANALYZE bench_loghub, bench_messages, bench_plan');
  });
  log(`catalog, message pool and plan: ${seconds(step).toFixed(1)} s`);

  step = performance.now();
  const ids = Array.from({ length: config.installations }, (_, i) => installationId(i + 1));
  await eachOnOwnConnection(url, days, async (client, day, index) => {
    const dayStarted = performance.now();
    // The rows are valid by construction, so the replica role (superuser only)
    // skips the foreign-key trigger that would otherwise run once per row.
    await client.query("SET session_replication_role = replica; SET synchronous_commit = off; SET work_mem = '1GB'");
    await client.query('SELECT setseed($1)', [(index + 1) / (days.length + 1)]);
    const { rowCount } = await client.query(DAY_LINES_SQL, [day]);
    const next = new Date(new Date(day).getTime() + DAY);
    await rebuildHourlyStats(client, { installationIds: ids, from: new Date(day), to: next });
    log(`${day}: ${(rowCount ?? 0).toLocaleString('en-US')} lines in ${seconds(dayStarted).toFixed(1)} s`);
  });
  log(`log lines and hourly stats: ${seconds(step).toFixed(1)} s`);

  // Sets hint bits and the visibility map now, so the first measured export does not pay for them.
  step = performance.now();
  await eachOnOwnConnection(url, days, async (client, day) => {
    await client.query("SET maintenance_work_mem = '512MB'");
    await client.query(`VACUUM (ANALYZE) log_lines_${day.replace(/-/g, '')}`);
  });
  await withClient(url, async (client) => {
    await client.query('ANALYZE log_lines, log_hourly_stats, installations');
    await client.query(DROP_SCRATCH_SQL);
  });
  log(`VACUUM and ANALYZE: ${seconds(step).toFixed(1)} s`);
}

/** Runs `work` for each item, SEED_JOBS at a time, each job on its own connection. */
async function eachOnOwnConnection<T>(url: string, items: T[], work: (client: pg.Client, item: T, index: number) => Promise<void>) {
  let next = 0;
  const job = () =>
    withClient(url, async (client) => {
      while (next < items.length) {
        const index = next++;
        await work(client, items[index] as T, index);
      }
    });
  await Promise.all(Array.from({ length: SEED_JOBS }, job));
}
