import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import { lineFilterConditions, type LineFilters } from '@/lib/logs/line-filters';
import { scopesFilterLines } from '@/lib/log-access/grant-scope-sql';

/** Up to this many matching lines are counted exactly; past it the viewer says "more than". */
export const MATCH_COUNT_BOUND = 10_000;

export type MatchCount = { count: number; exact: boolean };

const HOUR_MS = 3_600_000;

/**
 * How many lines of some installations in [from, to) pass the filters,
 * counted to MATCH_COUNT_BOUND and no further: the inner LIMIT stops the walk
 * at bound + 1 lines, so a count never costs more than reading that many.
 * Without filters other than levels, the hourly statistics (written with the
 * lines) answer first: when the whole hours inside the range already hold
 * more than the bound, that is the answer, and a busy app's plain first page
 * walks nothing. The caller has authorized the installations (the page's).
 */
export async function countMatchingLines(options: LineFilters & { installationIds: string[]; from: Date; to: Date; bound?: number }): Promise<MatchCount> {
  const { installationIds, from, to, bound = MATCH_COUNT_BOUND, ...filters } = options;
  if (installationIds.length === 0) return { count: 0, exact: true };
  // The hourly statistics count every line of a site, so a grant's scope needs the lines themselves.
  const onlyLevels = !filters.q && !filters.versions?.length && !filters.invocationId && !scopesFilterLines(filters.scopes);
  if (onlyLevels && (await wholeHoursLines({ installationIds, from, to, levels: filters.levels })) > bound) return { count: bound, exact: false };
  const params: unknown[] = [installationIds, from, to, bound + 1];
  const add = (value: unknown) => `$${params.push(value)}`;
  const where = ['l.installation_id = ANY($1::text[])', 'l.ts >= $2', 'l.ts < $3', ...lineFilterConditions(filters, add)];
  const { rows } = await pgPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM log_lines l WHERE ${where.join(' AND ')} LIMIT $4) s`, params);
  const n = rows[0]?.n ?? 0;
  return n > bound ? { count: bound, exact: false } : { count: n, exact: true };
}

/** The lines of the whole UTC hours inside [from, to), by the hourly statistics; 0 when no whole hour fits. */
async function wholeHoursLines(options: { installationIds: string[]; from: Date; to: Date; levels?: string[] }): Promise<number> {
  const first = new Date(Math.ceil(options.from.getTime() / HOUR_MS) * HOUR_MS);
  const end = new Date(Math.floor(options.to.getTime() / HOUR_MS) * HOUR_MS);
  if (first >= end) return 0;
  return linesInHours({ ...options, from: first, to: end });
}

/** The lines of the hours from `from`'s hour up to `to`, by the hourly statistics (both written with the lines). */
export async function linesInHours(options: { installationIds: string[]; from: Date; to: Date; levels?: string[] }): Promise<number> {
  const params: unknown[] = [options.installationIds, options.from, options.to];
  const levels = options.levels?.length ? ` AND level = ANY($${params.push(options.levels.map((l) => l.toUpperCase()))}::"LogLevel"[])` : '';
  const { rows } = await pgPool().query<{ n: string }>(
    `SELECT coalesce(sum(lines), 0)::text AS n FROM log_hourly_stats WHERE installation_id = ANY($1::text[]) AND hour >= $2 AND hour < $3${levels}`,
    params,
  );
  return Number(rows[0]?.n ?? 0);
}
