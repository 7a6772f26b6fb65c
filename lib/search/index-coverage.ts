import { isSearchIndexed, readPartitionCoverage, type PartitionCoverage, type Queryable } from '@/lib/search/search-indexes';

// Which part of a search's range has no search index yet (today's open
// partition, or a closed day the maintenance job has not reached), so the
// viewer can say which part it scanned. A catalog read, cached for a few
// seconds per pool: a search asks on every page, the answer changes only
// when the job finishes an index (it calls forgetIndexCoverage).

const DAY_MS = 86_400_000;
const CACHE_MS = 5_000;

export type DayRange = { from: string; to: string };

const cache = new WeakMap<object, { at: number; coverage: Promise<PartitionCoverage[]> }>();

function coverageOf(db: Queryable): Promise<PartitionCoverage[]> {
  const cached = cache.get(db);
  if (cached && performance.now() - cached.at < CACHE_MS) return cached.coverage;
  const coverage = readPartitionCoverage(db);
  cache.set(db, { at: performance.now(), coverage });
  // A failed read is not remembered.
  coverage.catch(() => cache.delete(db));
  return coverage;
}

/** Drops the cached coverage of `db`, after an index was built or dropped through it. */
export function forgetIndexCoverage(db: Queryable) {
  cache.delete(db);
}

/**
 * The parts of [from, to) whose daily partitions have no valid search index,
 * consecutive days merged, each clipped to the range, oldest first, as
 * ISO-8601 UTC strings. Days without a partition hold no lines and are left out.
 */
export async function findUnindexedDays(db: Queryable, range: { from: Date; to: Date }): Promise<DayRange[]> {
  const from = range.from.getTime();
  const to = range.to.getTime();
  if (!(from < to)) return [];
  const ranges: { from: number; to: number }[] = [];
  for (const partition of await coverageOf(db)) {
    const start = partition.day.getTime();
    const end = start + DAY_MS;
    if (end <= from || start >= to || isSearchIndexed(partition)) continue;
    const clipped = { from: Math.max(start, from), to: Math.min(end, to) };
    const last = ranges.at(-1);
    if (last && last.to === clipped.from) last.to = clipped.to;
    else ranges.push(clipped);
  }
  return ranges.map((r) => ({ from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString() }));
}
