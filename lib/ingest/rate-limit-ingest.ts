import 'server-only';
import { AppError } from '@/lib/errors';
import { pgPool } from '@/lib/db/prisma';

// A fixed one-minute window per token, counted in PostgreSQL (ingest_rate_windows)
// so every server behind the load balancer shares one count.

const WINDOW_MS = 60_000;

/** The fixed window `now` falls in; authenticateIngestToken counts the request in it. */
export function rateWindowStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
}

/** 429 with Retry-After (seconds to the next window) once a token sent more than its requests this window. */
export function enforceIngestRate(options: { requests: number; requestsPerMinute: number; windowStart: Date; now: Date }): void {
  if (options.requests <= options.requestsPerMinute) return;
  const retryAfter = Math.max(1, Math.ceil((options.windowStart.getTime() + WINDOW_MS - options.now.getTime()) / 1000));
  throw new AppError('rate_limited', `This token may send ${options.requestsPerMinute} requests a minute; try again in ${retryAfter} s.`, {
    'retry-after': String(retryAfter),
  });
}

/** Forgets windows that ended more than an hour ago. */
export async function purgeIngestRateWindows(now = new Date()): Promise<number> {
  const { rowCount } = await pgPool().query('DELETE FROM ingest_rate_windows WHERE window_start < $1', [new Date(now.getTime() - 60 * WINDOW_MS)]);
  return rowCount ?? 0;
}
