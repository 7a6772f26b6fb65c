// The volume chart's buckets: the server chooses their size from the range
// so a chart never has more than MAX_VOLUME_BUCKETS bars, whatever the range.
// Buckets are aligned to UTC (an hour starts on the hour, a day at 00:00
// UTC), so the same instant falls in the same bucket in every chart, and
// buckets of an hour or more line up with log_hourly_stats' hours. No
// 'server-only': pure, and unit-tested.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DAY_MS = 24 * HOUR;

/** Most bars in one chart: readable at 390 px (a bar of ~8 px) and few enough for a cheap count. */
export const MAX_VOLUME_BUCKETS = 40;

/** Sizes a bucket may have, smallest first: a minute to a day, each dividing the next UTC day evenly. */
export const BUCKET_SIZES_MS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((minutes) => minutes * MINUTE);

export type BucketSpan = { start: Date; end: Date };

/** The smallest size whose UTC-aligned buckets cover [from, to) in at most MAX_VOLUME_BUCKETS; a day for longer ranges (at most retention + 3 of them). */
export function chooseBucketSize(from: Date, to: Date): number {
  for (const size of BUCKET_SIZES_MS) {
    if (bucketCount(from, to, size) <= MAX_VOLUME_BUCKETS) return size;
  }
  return DAY_MS;
}

function bucketCount(from: Date, to: Date, size: number): number {
  const first = Math.floor(from.getTime() / size) * size;
  return Math.ceil((to.getTime() - first) / size);
}

/** The buckets over [from, to) of a size, the first and last cut to the range (so their counts are the range's). */
export function bucketSpans(from: Date, to: Date, size: number): BucketSpan[] {
  const spans: BucketSpan[] = [];
  for (let t = Math.floor(from.getTime() / size) * size; t < to.getTime(); t += size) {
    spans.push({ start: new Date(Math.max(t, from.getTime())), end: new Date(Math.min(t + size, to.getTime())) });
  }
  return spans;
}

/** The aligned bucket an instant falls in (its start, in ms). */
export function bucketStartOf(time: number, size: number): number {
  return Math.floor(time / size) * size;
}
