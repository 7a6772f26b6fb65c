// When a failed webhook delivery is tried again: exponential backoff from
// the first retry's delay (WEBHOOK_FIRST_RETRY_MS, 30 s by default), capped
// at two hours, with "equal jitter" (half the delay fixed, half random) so
// servers and endpoints that failed together do not retry in step. After
// MAX_WEBHOOK_ATTEMPTS the delivery is marked failed.

/** 10 attempts: with the default first retry, the last one 2-4.3 hours after the first. */
export const MAX_WEBHOOK_ATTEMPTS = 10;
export const MAX_WEBHOOK_RETRY_MS = 2 * 60 * 60_000;

/** The wait after the n-th failed attempt (n ≥ 1); `random` returns [0, 1). */
export function webhookRetryDelayMs(attempts: number, options: { firstRetryMs: number; random?: () => number }): number {
  const full = Math.min(MAX_WEBHOOK_RETRY_MS, options.firstRetryMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + (options.random ?? Math.random)() * (full / 2));
}
