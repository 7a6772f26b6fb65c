import 'server-only';
import type { RequestMeta } from '@/lib/request-meta';
import type { Viewer } from '@/lib/auth/viewer';
import type { AppLogSources } from '@/lib/console/find-app-log-sources';
import { pgPool } from '@/lib/db/prisma';
import { lineFilterConditions } from '@/lib/logs/line-filters';
import { scopesFilterLines } from '@/lib/log-access/grant-scope-sql';
import { insightFiltersOf, recordInsightRead, type InsightFilters } from '@/lib/insights/insight-filters';
import { bucketSpans, bucketStartOf, chooseBucketSize } from '@/lib/insights/volume-buckets';
import { LOG_LEVELS, type ApiLogLevel } from '@/lib/validations/logs';
import type { AppLogInsightQuery } from '@/lib/validations/log-insights';

const HOUR_MS = 3_600_000;

export type VolumeBucket = { start: string; end: string; counts: Record<ApiLogLevel, number>; total: number };

export type LogVolume = {
  from: string;
  to: string;
  /** The buckets' size; the first and last bucket are cut to the range. */
  bucketSeconds: number;
  /** Stacking order, most severe first. */
  levels: readonly ApiLogLevel[];
  buckets: VolumeBucket[];
  total: number;
  /** Where the counts came from: the hourly statistics (whole hours) or the lines themselves. */
  countedFrom: 'hourly-stats' | 'lines';
  tookMs: number;
};

type CountRow = { bucket: string; level: string; installation_id: string; n: string };

/**
 * The volume chart: the lines the viewer's page would show, per bucket and
 * level, exactly. With no filter beyond sites and levels and buckets of an
 * hour or more, the whole hours come from log_hourly_stats (written with the
 * lines: a week is a few hundred rows) and only the cut hours at the two ends
 * are counted from the lines (countCutHour); otherwise the lines are counted in one
 * statement over the indexes the filters use. Recorded as a vendor read.
 */
export async function readAppLogVolume(options: { viewer: Viewer; sources: AppLogSources; query: AppLogInsightQuery; meta: RequestMeta }): Promise<LogVolume> {
  const started = performance.now();
  const { filters, matching } = insightFiltersOf(options.sources, options.query);
  const size = chooseBucketSize(filters.from, filters.to);
  // The hourly statistics count every line of a site: a grant's scope needs the lines themselves.
  const byStats = size >= HOUR_MS && !options.query.q?.root && !filters.versions?.length && !filters.invocationId && !scopesFilterLines(filters.scopes);
  const rows = await countVolume(filters, size, byStats);

  const spans = bucketSpans(filters.from, filters.to, size);
  const index = new Map(spans.map((span, i) => [bucketStartOf(span.start.getTime(), size), i]));
  const buckets: VolumeBucket[] = spans.map((span) => ({ start: span.start.toISOString(), end: span.end.toISOString(), counts: emptyCounts(), total: 0 }));
  const perInstallation = new Map<string, number>();
  for (const row of rows) {
    const bucket = buckets[index.get(Number(row.bucket) * 1000) ?? -1];
    if (!bucket) continue;
    const n = Number(row.n);
    bucket.counts[row.level.toLowerCase() as ApiLogLevel] += n;
    bucket.total += n;
    perInstallation.set(row.installation_id, (perInstallation.get(row.installation_id) ?? 0) + n);
  }
  await recordInsightRead({ ...options, matching, linesPerInstallation: perInstallation });
  return {
    from: filters.from.toISOString(),
    to: filters.to.toISOString(),
    bucketSeconds: size / 1000,
    levels: LOG_LEVELS,
    buckets,
    total: buckets.reduce((sum, b) => sum + b.total, 0),
    countedFrom: byStats ? 'hourly-stats' : 'lines',
    tookMs: Math.round(performance.now() - started),
  };
}

function emptyCounts(): Record<ApiLogLevel, number> {
  return { error: 0, warn: 0, info: 0, debug: 0, trace: 0 };
}

/** Lines per (bucket start in epoch seconds, level, installation). */
async function countVolume(filters: InsightFilters, size: number, byStats: boolean): Promise<CountRow[]> {
  if (filters.installationIds.length === 0) return [];
  if (!byStats) return countLines(filters, filters.from, filters.to, size);
  const firstWhole = new Date(Math.ceil(filters.from.getTime() / HOUR_MS) * HOUR_MS);
  const endWhole = new Date(Math.floor(filters.to.getTime() / HOUR_MS) * HOUR_MS);
  if (firstWhole >= endWhole) return countLines(filters, filters.from, filters.to, size);
  const parts = await Promise.all([countCutHour(filters, filters.from, firstWhole, size), countStats(filters, firstWhole, endWhole, size), countCutHour(filters, endWhole, filters.to, size)]);
  return parts.flat();
}

/**
 * The lines of [from, to), a part of one UTC hour at an end of the range. When
 * the rest of the hour is the shorter part, the hour's statistics minus the
 * lines of the rest, in one statement (one snapshot, so a line written
 * meanwhile is in both or neither); else the lines themselves. Either way at
 * most half an hour of lines is read, not up to a whole one.
 */
async function countCutHour(filters: InsightFilters, from: Date, to: Date, size: number): Promise<CountRow[]> {
  if (to <= from) return [];
  const hour = Math.floor(from.getTime() / HOUR_MS) * HOUR_MS;
  const rest = from.getTime() === hour ? { from: to, to: new Date(hour + HOUR_MS) } : { from: new Date(hour), to: from };
  if (rest.to.getTime() - rest.from.getTime() >= to.getTime() - from.getTime()) return countLines(filters, from, to, size);
  const params: unknown[] = [filters.installationIds, new Date(hour), rest.from, rest.to, size / 1000];
  const add = (value: unknown) => `$${params.push(value)}`;
  const levels = filters.levels?.length ? ` AND level = ANY(${add(filters.levels.map((l) => l.toUpperCase()))}::"LogLevel"[])` : '';
  const where = ['l.installation_id = ANY($1::text[])', 'l.ts >= $3', 'l.ts < $4', ...lineFilterConditions(filters, add)];
  const { rows } = await pgPool().query<CountRow>(
    `SELECT bucket, level, installation_id, sum(n)::text AS n FROM (
       SELECT ${bucketOf('hour', '$5::float8')} AS bucket, level::text AS level, installation_id, sum(lines) AS n
         FROM log_hourly_stats WHERE installation_id = ANY($1::text[]) AND hour = $2${levels} GROUP BY 1, 2, 3
       UNION ALL
       SELECT ${bucketOf('l.ts', '$5::float8')}, l.level::text, l.installation_id, -count(*)
         FROM log_lines l WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3) s
     GROUP BY 1, 2, 3`,
    params,
  );
  return rows;
}

/**
 * SQL: the UTC-aligned bucket (epoch seconds) of a time column. Epoch
 * arithmetic, as date_bin needs PostgreSQL 14; in double precision
 * (date_part), which holds a millisecond epoch exactly: extract() is numeric
 * from PostgreSQL 14 on and made a cut hour's count 2-5 times slower.
 */
const bucketOf = (column: string, size: string) => `(floor(date_part('epoch', ${column}) / ${size}) * ${size})::bigint::text`;

async function countLines(filters: InsightFilters, from: Date, to: Date, size: number): Promise<CountRow[]> {
  if (to <= from) return [];
  const params: unknown[] = [filters.installationIds, from, to, size / 1000];
  const add = (value: unknown) => `$${params.push(value)}`;
  const where = ['l.installation_id = ANY($1::text[])', 'l.ts >= $2', 'l.ts < $3', ...lineFilterConditions(filters, add)];
  const { rows } = await pgPool().query<CountRow>(
    `SELECT ${bucketOf('l.ts', '$4::float8')} AS bucket, l.level::text AS level, l.installation_id, count(*)::text AS n
       FROM log_lines l WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3`,
    params,
  );
  return rows;
}

async function countStats(filters: InsightFilters, from: Date, to: Date, size: number): Promise<CountRow[]> {
  const params: unknown[] = [filters.installationIds, from, to, size / 1000];
  const levels = filters.levels?.length ? ` AND level = ANY($${params.push(filters.levels.map((l) => l.toUpperCase()))}::"LogLevel"[])` : '';
  const { rows } = await pgPool().query<CountRow>(
    `SELECT ${bucketOf('hour', '$4::float8')} AS bucket, level::text AS level, installation_id, sum(lines)::text AS n
       FROM log_hourly_stats WHERE installation_id = ANY($1::text[]) AND hour >= $2 AND hour < $3${levels} GROUP BY 1, 2, 3`,
    params,
  );
  return rows;
}
