import 'server-only';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '@/lib/errors';
import { pgPool } from '@/lib/db/prisma';

// Password guessing is throttled per account (e-mail) and per client address,
// counted in PostgreSQL (table sign_in_throttle, created by our migration) so
// every server shares the counts. Each attempt reserves its point before the
// password is checked, so parallel guesses cannot slip past the count; a
// successful sign-in gives the points back and clears the account's failures.
// Unknown e-mails are counted exactly like known ones: a throttled answer
// tells nothing about who has an account.

const MINUTE = 60;

export const SIGN_IN_LIMITS = {
  /** Failures allowed per account before it is blocked, and the window they are counted in. */
  accountFailures: 5,
  accountWindowSeconds: 15 * MINUTE,
  /** The first block; each further block within a day doubles, up to a day. */
  firstBlockSeconds: 15 * MINUTE,
  maxBlockSeconds: 24 * 60 * MINUTE,
  /** Failures allowed per client address per hour (many accounts from one place). */
  addressFailures: 50,
  addressWindowSeconds: 60 * MINUTE,
} as const;

type Limiters = { account: RateLimiterPostgres; accountBlocks: RateLimiterPostgres; address: RateLimiterPostgres };

const limitersByPool = new WeakMap<pg.Pool, Limiters>();

function limiters(): Limiters {
  const pool = pgPool();
  let found = limitersByPool.get(pool);
  if (!found) {
    const store = (keyPrefix: string, points: number, duration: number) =>
      // The maintenance job purges expired rows, so the library's own timer is off.
      new RateLimiterPostgres({ storeClient: pool, tableName: 'sign_in_throttle', tableCreated: true, clearExpiredByTimeout: false, keyPrefix, points, duration });
    found = {
      account: store('account', SIGN_IN_LIMITS.accountFailures, SIGN_IN_LIMITS.accountWindowSeconds),
      // Counts the account's blocks in a day, to make each next one longer; never refuses.
      accountBlocks: store('account-blocks', Number.MAX_SAFE_INTEGER, 24 * 60 * MINUTE),
      address: store('address', SIGN_IN_LIMITS.addressFailures, SIGN_IN_LIMITS.addressWindowSeconds),
    };
    limitersByPool.set(pool, found);
  }
  return found;
}

/** An attempt allowed to check its password, with what it reserved. */
export type SignInAttempt = { accountKey: string | null; addressKey: string; usedLastAccountPoint: boolean };

/**
 * Reserves one attempt for the account and the address, or throws 429
 * `rate_limited` with Retry-After when either is used up. `email` is null
 * when the input is no e-mail (no account can match it).
 */
export async function reserveSignInAttempt(options: { email: string | null; ipAddress: string | null }): Promise<SignInAttempt> {
  const { account, address } = limiters();
  const accountKey = options.email === null ? null : hashed(options.email.trim().toLowerCase());
  const addressKey = options.ipAddress ?? 'unknown';
  const [byAccount, byAddress] = await Promise.allSettled([accountKey === null ? null : account.consume(accountKey), address.consume(addressKey)]);
  for (const result of [byAccount, byAddress]) {
    if (result.status === 'rejected' && !(result.reason instanceof RateLimiterRes)) throw result.reason;
  }
  const refusals = [byAccount, byAddress].flatMap((r) => (r.status === 'rejected' ? [r.reason as RateLimiterRes] : []));
  if (refusals.length > 0) {
    // A refused attempt never reaches the password check: it gives back what it did reserve.
    await Promise.all([
      byAccount.status === 'fulfilled' && accountKey !== null ? account.reward(accountKey, 1) : null,
      byAddress.status === 'fulfilled' ? address.reward(addressKey, 1) : null,
    ]);
    throw tooManyAttempts(Math.max(...refusals.map((r) => r.msBeforeNext)));
  }
  const consumed = byAccount.status === 'fulfilled' ? (byAccount.value?.consumedPoints ?? 0) : 0;
  return { accountKey, addressKey, usedLastAccountPoint: consumed >= SIGN_IN_LIMITS.accountFailures };
}

/** After the password check: success clears the account's failures and blocks; the failure that used up the account's allowance blocks it. */
export async function recordSignInOutcome(attempt: SignInAttempt, options: { succeeded: boolean }): Promise<void> {
  const { account, accountBlocks, address } = limiters();
  if (options.succeeded) {
    const accountKey = attempt.accountKey;
    await Promise.all([
      accountKey === null ? null : Promise.all([account.delete(accountKey), accountBlocks.delete(accountKey)]),
      address.reward(attempt.addressKey, 1),
    ]);
    return;
  }
  if (attempt.accountKey === null || !attempt.usedLastAccountPoint) return;
  const blocks = await accountBlocks.consume(attempt.accountKey);
  const seconds = Math.min(SIGN_IN_LIMITS.firstBlockSeconds * 2 ** (blocks.consumedPoints - 1), SIGN_IN_LIMITS.maxBlockSeconds);
  await account.block(attempt.accountKey, seconds);
}

function tooManyAttempts(msBeforeNext: number): AppError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new AppError('rate_limited', `Too many attempts, try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, { 'retry-after': String(seconds) });
}

/** Keys hold a hash, not the e-mail: the table says nothing about who tried to sign in. */
function hashed(email: string): string {
  return createHash('sha256').update(email).digest('base64url');
}

/** Forgets counters that ended more than an hour ago. */
export async function purgeSignInThrottle(now = new Date()): Promise<number> {
  const { rowCount } = await pgPool().query('DELETE FROM sign_in_throttle WHERE expire < $1', [now.getTime() - 3600_000]);
  return rowCount ?? 0;
}
