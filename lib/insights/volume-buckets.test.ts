import { describe, expect, it } from 'vitest';
import { bucketSpans, chooseBucketSize, MAX_VOLUME_BUCKETS } from '@/lib/insights/volume-buckets';

const MIN = 60_000;
const at = (iso: string) => new Date(iso);

describe('volume chart buckets', () => {
  it.each([
    ['15 minutes', 15 * MIN, 1],
    ['an hour', 60 * MIN, 2],
    ['24 hours', 1440 * MIN, 60],
    ['7 days', 7 * 1440 * MIN, 360],
    ['30 days', 30 * 1440 * MIN, 1440],
    ['33 days', 33 * 1440 * MIN, 1440],
  ])('%s: the smallest UTC-aligned size within the bound', (_name, span, minutes) => {
    const from = at('2026-11-20T10:07:13.000Z');
    const to = new Date(from.getTime() + span);
    expect(chooseBucketSize(from, to)).toBe(minutes * MIN);
    if (span <= 30 * 1440 * MIN) expect(bucketSpans(from, to, minutes * MIN).length).toBeLessThanOrEqual(MAX_VOLUME_BUCKETS);
  });

  it('cuts the first and last bucket to the range and leaves no gap', () => {
    const spans = bucketSpans(at('2026-11-20T10:07:00Z'), at('2026-11-20T13:30:00Z'), 60 * MIN);
    expect(spans.map((s) => [s.start.toISOString(), s.end.toISOString()])).toEqual([
      ['2026-11-20T10:07:00.000Z', '2026-11-20T11:00:00.000Z'],
      ['2026-11-20T11:00:00.000Z', '2026-11-20T12:00:00.000Z'],
      ['2026-11-20T12:00:00.000Z', '2026-11-20T13:00:00.000Z'],
      ['2026-11-20T13:00:00.000Z', '2026-11-20T13:30:00.000Z'],
    ]);
  });
});
