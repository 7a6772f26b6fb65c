import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { CONNECTION_TIMEOUTS } from '@/lib/db/client';
import { forgetIndexCoverage } from '@/lib/search/index-coverage';
import { readPartitionCoverage, SEARCH_INDEXES, searchIndexName, type Queryable } from '@/lib/search/search-indexes';

// Builds the search indexes of closed daily partitions, newest day first,
// one index at a time with CREATE INDEX CONCURRENTLY: ingest (which writes
// only today's partition) and readers never wait for it. An interrupted
// concurrent build (a server stopped or killed half-way, a cancelled
// statement) leaves an INVALID index behind; the next run finds it in the
// catalog, drops it and builds it again.

const DAY_MS = 86_400_000;
/** Late lines (a shipper's retries) still arrive for a while after midnight; they go in before the index, while inserts are cheapest. */
export const CLOSE_GRACE_MS = 30 * 60_000;
/** Only one server builds at a time (any other finds the lock taken and skips the round). */
const LOCK_KEY = 72_707_370; // arbitrary, constant: "logshare search indexes"
/** No pause longer than this, however long a build took. */
const MAX_PAUSE_MS = 10 * 60_000;

export type SearchIndexBuild = { partition: string; index: string; ms: number; rebuilt: boolean };

export type BuildSearchIndexesOptions = {
  now?: Date;
  /**
   * The throttle: after each build the job waits `pauseFactor` times as long
   * as the build took, so the portal has the machine to itself at least that
   * share of the time. 1 by default; 0 in tests and the bench.
   */
  pauseFactor?: number;
  /** Called after each index, e.g. to log how long it took. */
  onBuilt?: (build: SearchIndexBuild) => void;
  /** Forgotten from the coverage cache after each build (the pool that searches use). */
  coverageCacheOf?: Queryable;
};

/** Days whose end is at least CLOSE_GRACE_MS past: no longer written by ingest, except for the odd late line. */
export function isClosedDay(day: Date, now: Date): boolean {
  return day.getTime() + DAY_MS + CLOSE_GRACE_MS <= now.getTime();
}

function isUndefinedTable(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '42P01';
}

/**
 * Builds every missing or invalid search index of the closed partitions.
 * Returns what it built, or `skipped` when another connection holds the job's lock.
 */
export async function buildSearchIndexes(connectionString: string, options: BuildSearchIndexesOptions = {}): Promise<{ builds: SearchIndexBuild[]; skipped: boolean }> {
  const client = new pg.Client({
    connectionString,
    application_name: 'logshare search indexes',
    ...CONNECTION_TIMEOUTS,
    // A closed day of a busy site takes minutes to index; the build holds only
    // a SHARE UPDATE EXCLUSIVE lock on its own partition, which blocks no
    // reader or writer, and waits for older transactions (a long download) to end.
    statement_timeout: 2 * 60 * 60_000,
    lock_timeout: 60 * 60_000,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [LOCK_KEY]);
    if (!rows[0]?.locked) return { builds: [], skipped: true };
    // One core for the build: the other stays with the portal.
    await client.query('SET max_parallel_maintenance_workers = 0');
    const builds: SearchIndexBuild[] = [];
    const now = options.now ?? new Date();
    const partitions = (await readPartitionCoverage(client)).filter((p) => isClosedDay(p.day, now)).reverse();
    for (const partition of partitions) {
      for (const index of SEARCH_INDEXES) {
        const name = searchIndexName(partition.partition, index.suffix);
        if (partition.valid.includes(name)) continue;
        const rebuilt = partition.invalid.includes(name);
        const started = performance.now();
        try {
          if (rebuilt) await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${client.escapeIdentifier(name)}`);
          await client.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${client.escapeIdentifier(name)} ON ${client.escapeIdentifier(partition.partition)} ${index.using}`);
        } catch (error) {
          // Retention dropped the day meanwhile: nothing left to index.
          if (isUndefinedTable(error)) break;
          throw error;
        }
        const build = { partition: partition.partition, index: name, ms: Math.round(performance.now() - started), rebuilt };
        builds.push(build);
        if (options.coverageCacheOf) forgetIndexCoverage(options.coverageCacheOf);
        options.onBuilt?.(build);
        const pause = Math.min(build.ms * (options.pauseFactor ?? 1), MAX_PAUSE_MS);
        if (pause > 0) await sleep(pause);
      }
    }
    return { builds, skipped: false };
  } finally {
    // Ending the session releases the advisory lock.
    await client.end().catch(() => undefined);
  }
}
