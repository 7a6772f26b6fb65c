import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeZodIssues } from '@/lib/validations/zod-issues';

describe('describeZodIssues', () => {
  it('reads each issue as path: message, the message alone at the root', () => {
    const nested = z.object({ a: z.object({ b: z.number() }), c: z.string() }).safeParse({ a: { b: 'x' }, c: 1 });
    expect(nested.success).toBe(false);
    expect(describeZodIssues(nested.error!)).toBe('a.b: Invalid input: expected number, received string; c: Invalid input: expected string, received number');
    expect(describeZodIssues(z.string().safeParse(3).error!)).toBe('Invalid input: expected string, received number');
  });
});
