import type pg from 'pg';

const DAY_MS = 86_400_000;

/**
 * Both partition functions wait at most a second for their lock on log_lines
 * (set on the functions themselves, see the partition_lock_timeout
 * migration): a queued ACCESS EXCLUSIVE lock would block every later reader
 * and writer behind the long reader it waits for. They fail with this, and
 * are tried again later.
 */
export function isLockTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '55P03';
}

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Creates the daily log partitions from `retentionDays` ago to two days ahead. */
export async function ensureLogPartitions(client: pg.Pool | pg.Client, options: { retentionDays: number; now?: Date }) {
  const now = options.now ?? new Date();
  const first = new Date(now.getTime() - options.retentionDays * DAY_MS);
  const last = new Date(now.getTime() + 2 * DAY_MS);
  const { rows } = await client.query<{ created: number }>('SELECT logshare_ensure_log_partitions($1::date, $2::date) AS created', [
    utcDay(first),
    utcDay(last),
  ]);
  return rows[0]?.created ?? 0;
}

/**
 * Retention: drops every daily partition wholly older than `retentionDays`
 * (the day that holds "now - retentionDays" is kept, like checkLogRange keeps it).
 */
export async function dropExpiredLogPartitions(client: pg.Pool | pg.Client, options: { retentionDays: number; now?: Date }) {
  const now = options.now ?? new Date();
  const firstKept = new Date(now.getTime() - options.retentionDays * DAY_MS);
  const { rows } = await client.query<{ dropped: number }>('SELECT logshare_drop_log_partitions_before($1::date) AS dropped', [utcDay(firstKept)]);
  // The hourly statistics of those days go with them.
  await client.query('DELETE FROM log_hourly_stats WHERE hour < $1::date::timestamp AT TIME ZONE \'UTC\'', [utcDay(firstKept)]);
  return rows[0]?.dropped ?? 0;
}
