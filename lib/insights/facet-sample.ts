import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import type { InsightFilters } from '@/lib/insights/insight-filters';

// Facets of a range with too many matching lines are counted on a sample:
// in every UTC hour of the range, one window of time in which every line
// (of the chosen installations and levels) is read, its width the same
// share of each hour, chosen so that about SAMPLE_LINES lines are read in
// all. Each line read stands for (lines in its hour, by log_hourly_stats) /
// (lines read in its window): a ratio estimate per hour, so a busy hour
// weighs as much as it holds, and the other filters (the query, versions,
// an invocation) are applied to the lines read.
//
// Why windows of time and not TABLESAMPLE: the log table is partitioned by
// day and shared by every app, so a block sample reads the same share of
// every other app's lines too, and a block holds a batch's lines, which
// belong to one site and second. The windows are read through the primary
// key (installation, time), in the partitions of their hours only, so the
// cost is SAMPLE_LINES lines whatever the range, the partitions or the other
// apps hold. Each window's place in its hour is fixed by the hour (a hash),
// not random, so the same view gives the same numbers, and is not the
// hour's start, where scheduled jobs crowd.

/** About this many lines are read for sampled facets. */
export const SAMPLE_LINES = 10_000;
const HOUR_MS = 3_600_000;
/** A window is at least this long, so a quiet hour is not sampled by an instant. */
const MIN_WINDOW_MS = 1_000;

export type SampleWindow = { from: Date; to: Date; lines: number };

/** The sample windows of the range; null when the range holds so few lines that reading them all costs no more. */
export async function facetSample(filters: InsightFilters, sampleLines = SAMPLE_LINES): Promise<SampleWindow[] | null> {
  const hours = await linesPerHour(filters);
  const from = filters.from.getTime();
  const to = filters.to.getTime();
  const parts = [...hours].map(([hour, lines]) => {
    const start = Math.max(hour, from);
    const end = Math.min(hour + HOUR_MS, to);
    // A cut hour at an end of the range holds about its share of the hour's lines.
    return { start, end, lines: (lines * (end - start)) / HOUR_MS };
  });
  const total = parts.reduce((sum, p) => sum + p.lines, 0);
  const share = sampleLines / Math.max(1, total);
  if (share >= 1) return null;
  return parts
    .filter((p) => p.lines > 0 && p.end > p.start)
    .map((p) => {
      const span = p.end - p.start;
      const width = Math.min(span, Math.max(MIN_WINDOW_MS, Math.round(span * share)));
      const start = p.start + Math.floor(placeInHour(p.start) * (span - width));
      return { from: new Date(start), to: new Date(start + width), lines: p.lines };
    });
}

/** A fixed number in [0, 1) for an hour (mulberry32 of its start), where its window begins. */
function placeInHour(time: number): number {
  let t = (Math.floor(time / 1000) + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}

/** Lines per UTC hour (start in ms) of the installations and levels, over the hours the range touches. */
async function linesPerHour(filters: InsightFilters): Promise<Map<number, number>> {
  const first = new Date(Math.floor(filters.from.getTime() / HOUR_MS) * HOUR_MS);
  const params: unknown[] = [filters.installationIds, first, filters.to];
  const levels = filters.levels?.length ? ` AND level = ANY($${params.push(filters.levels.map((l) => l.toUpperCase()))}::"LogLevel"[])` : '';
  const { rows } = await pgPool().query<{ hour: Date; n: string }>(
    `SELECT hour, sum(lines)::text AS n FROM log_hourly_stats WHERE installation_id = ANY($1::text[]) AND hour >= $2 AND hour < $3${levels} GROUP BY hour`,
    params,
  );
  return new Map(rows.map((r) => [r.hour.getTime(), Number(r.n)]));
}
