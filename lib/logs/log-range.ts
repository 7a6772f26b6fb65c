import { AppError } from '@/lib/errors';
import { z } from 'zod';

const DAY_MS = 86_400_000;
/** How far ahead of now a range may end: a local day's end in UTC+14, with room to spare. No line is stamped later than now + 5 minutes. */
export const MAX_RANGE_AHEAD_MS = 2 * DAY_MS;

export type LogRange = { from: Date; to: Date };

/** Parses a query string with a schema; unknown or malformed parameters are a 400. */
export function parseQuery<S extends z.ZodType>(schema: S, url: string): z.output<S> {
  const params = Object.fromEntries(new URL(url).searchParams);
  return schema.parse(params);
}

/** The first instant retention keeps: it drops whole UTC days, so the oldest day kept counts from its start. */
export function oldestKeptInstant(retentionDays: number, now: Date): Date {
  return new Date(Math.floor((now.getTime() - retentionDays * DAY_MS) / DAY_MS) * DAY_MS);
}

/**
 * A range the logs can answer: half-open [from, to), to after from, not
 * reaching back beyond retention (those lines are gone; saying so beats an
 * empty answer that looks complete), and not ending more than two days
 * ahead. Every range is therefore at most retention plus three days long, so
 * no request can make a summary build more hourly buckets than that.
 */
export function checkLogRange(range: LogRange, retentionDays: number, now = new Date()): LogRange {
  if (range.to <= range.from) throw new AppError('unprocessable', '`to` must be after `from` (the range is [from, to)).');
  const latest = new Date(now.getTime() + MAX_RANGE_AHEAD_MS);
  if (range.to > latest) throw new AppError('unprocessable', `\`to\` must not be more than ${MAX_RANGE_AHEAD_MS / DAY_MS} days ahead (at most ${latest.toISOString()}).`);
  const oldest = oldestKeptInstant(retentionDays, now);
  if (range.from < oldest) {
    throw new AppError('unprocessable', `Logs are kept for ${retentionDays} days; \`from\` must not be before ${oldest.toISOString()}.`);
  }
  return range;
}
