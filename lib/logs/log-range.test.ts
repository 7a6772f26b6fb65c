import { describe, expect, it } from 'vitest';
import { checkLogRange, MAX_RANGE_AHEAD_MS } from '@/lib/logs/log-range';

const now = new Date('2026-12-02T08:00:00Z');
const range = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });

describe('checkLogRange', () => {
  it('takes a range within retention that ends up to two days ahead', () => {
    expect(checkLogRange(range('2026-11-25T00:00:00Z', '2026-12-04T08:00:00Z'), 30, now).to.getTime() - now.getTime()).toBe(MAX_RANGE_AHEAD_MS);
  });

  it('refuses with 422 a range far in the future, so no summary builds millions of hours', () => {
    expect(() => checkLogRange(range('2026-11-25T00:00:00Z', '9999-01-01T00:00:00Z'), 30, now)).toThrow(expect.objectContaining({ status: 422, message: expect.stringContaining('2 days ahead') }));
    expect(() => checkLogRange(range('2026-12-04T09:00:00Z', '2026-12-04T10:00:00Z'), 30, now)).toThrow(expect.objectContaining({ status: 422 }));
  });

  it('refuses a range before retention or ending before it starts', () => {
    expect(() => checkLogRange(range('2026-10-01T00:00:00Z', '2026-12-01T00:00:00Z'), 30, now)).toThrow(/kept for 30 days/);
    expect(() => checkLogRange(range('2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z'), 30, now)).toThrow(/after `from`/);
  });
});
