import 'server-only';
import { AppError } from '@/lib/api/errors';
import { pgPool } from '@/lib/db/prisma';

// A fixed one-minute window per token, counted in PostgreSQL so every server
// behind the load balancer shares one count.

const WINDOW_MS = 60_000;

export async function checkIngestRate(options: { tokenId: string; requestsPerMinute: number; now?: Date }): Promise<void> {
  const now = options.now ?? new Date();
  const windowStart = Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS;
  const { rows } = await pgPool().query<{ requests: number }>(
    `INSERT INTO ingest_rate_windows AS w (token_id, window_start, requests) VALUES ($1, $2, 1)
     ON CONFLICT (token_id, window_start) DO UPDATE SET requests = w.requests + 1
     RETURNING requests`,
    [options.tokenId, new Date(windowStart)],
  );
  if ((rows[0]?.requests ?? 0) > options.requestsPerMinute) {
    const retryAfter = Math.max(1, Math.ceil((windowStart + WINDOW_MS - now.getTime()) / 1000));
    throw new AppError('rate_limited', `This token may send ${options.requestsPerMinute} requests a minute; try again in ${retryAfter} s.`, {
      'retry-after': String(retryAfter),
    });
  }
}

/** Forgets windows that ended more than an hour ago. */
export async function purgeIngestRateWindows(now = new Date()): Promise<number> {
  const { rowCount } = await pgPool().query('DELETE FROM ingest_rate_windows WHERE window_start < $1', [new Date(now.getTime() - 60 * WINDOW_MS)]);
  return rowCount ?? 0;
}
