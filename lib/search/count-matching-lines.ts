import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import { lineFilterConditions, type LineFilters } from '@/lib/logs/line-filters';

/** Up to this many matching lines are counted exactly; past it the viewer says "more than". */
export const MATCH_COUNT_BOUND = 10_000;

export type MatchCount = { count: number; exact: boolean };

/**
 * How many lines of some installations in [from, to) pass the filters,
 * counted to MATCH_COUNT_BOUND and no further: the inner LIMIT stops the walk
 * at bound + 1 lines, so a count never costs more than reading that many.
 * The caller has authorized the installations (the same list as the page's).
 */
export async function countMatchingLines(options: LineFilters & { installationIds: string[]; from: Date; to: Date; bound?: number }): Promise<MatchCount> {
  const { installationIds, from, to, bound = MATCH_COUNT_BOUND, ...filters } = options;
  if (installationIds.length === 0) return { count: 0, exact: true };
  const params: unknown[] = [installationIds, from, to, bound + 1];
  const add = (value: unknown) => `$${params.push(value)}`;
  const where = ['l.installation_id = ANY($1::text[])', 'l.ts >= $2', 'l.ts < $3', ...lineFilterConditions(filters, add)];
  const { rows } = await pgPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM log_lines l WHERE ${where.join(' AND ')} LIMIT $4) s`, params);
  const n = rows[0]?.n ?? 0;
  return n > bound ? { count: bound, exact: false } : { count: n, exact: true };
}
