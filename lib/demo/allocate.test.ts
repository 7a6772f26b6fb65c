import { describe, expect, it } from 'vitest';
import { allocate } from '@/lib/demo/allocate';

describe('allocate', () => {
  it('splits exactly, in proportion, at least one each', () => {
    const counts = allocate([10, 5, 1, 0.01], 1000);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(counts.every((c) => c >= 1)).toBe(true);
    expect(counts[0]! > counts[1]! && counts[1]! > counts[2]!).toBe(true);
  });

  it('gives some nothing when there are fewer than one each', () => {
    expect(allocate([1, 1, 1], 2).reduce((a, b) => a + b, 0)).toBe(2);
  });
});
