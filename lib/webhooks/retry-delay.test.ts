import { describe, expect, it } from 'vitest';
import { MAX_WEBHOOK_ATTEMPTS, MAX_WEBHOOK_RETRY_MS, webhookRetryDelayMs } from '@/lib/webhooks/retry-delay';

const firstRetryMs = 30_000;

describe('webhook retry delays', () => {
  it('doubles after each failure, between half and all of the delay', () => {
    for (let attempts = 1; attempts < MAX_WEBHOOK_ATTEMPTS; attempts++) {
      const full = Math.min(MAX_WEBHOOK_RETRY_MS, firstRetryMs * 2 ** (attempts - 1));
      expect(webhookRetryDelayMs(attempts, { firstRetryMs, random: () => 0 })).toBe(full / 2);
      expect(webhookRetryDelayMs(attempts, { firstRetryMs, random: () => 0.999999 })).toBeLessThanOrEqual(full);
      expect(webhookRetryDelayMs(attempts, { firstRetryMs, random: () => 0.999999 })).toBeGreaterThan(full * 0.99);
    }
  });

  it('is capped at two hours however many attempts failed', () => {
    expect(webhookRetryDelayMs(40, { firstRetryMs, random: () => 0.999999 })).toBeLessThanOrEqual(MAX_WEBHOOK_RETRY_MS);
  });

  it('spreads retries of deliveries that failed together', () => {
    let seed = 20261203;
    // A fixed-seed generator: the test is the same on every run.
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const delays = new Set(Array.from({ length: 20 }, () => webhookRetryDelayMs(3, { firstRetryMs, random })));
    expect(delays.size).toBeGreaterThan(15);
  });

  it('gives up after about two to four hours with the default first retry', () => {
    const total = (random: () => number) => Array.from({ length: MAX_WEBHOOK_ATTEMPTS - 1 }, (_, i) => webhookRetryDelayMs(i + 1, { firstRetryMs, random })).reduce((a, b) => a + b, 0);
    expect(total(() => 0)).toBeGreaterThan(2 * 3_600_000);
    expect(total(() => 0.999999)).toBeLessThan(4.5 * 3_600_000);
  });
});
