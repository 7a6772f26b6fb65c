import { describe, expect, it } from 'vitest';
import { TemplateGroups } from '@/lib/patterns/group-by-template';

const HOUR = 3_600_000;

describe('TemplateGroups', () => {
  function grouped() {
    const groups = new TemplateGroups(0, 24 * HOUR);
    // b: 3 lines, a and c: 2 each (a tie, ordered by text), d: 1.
    const lines: [string, string, number][] = [
      ['c 1', 'info', 5 * HOUR],
      ['b 1', 'error', 0],
      ['a 1', 'info', 23 * HOUR + 1],
      ['b 22', 'error', 1 * HOUR],
      ['c 2', 'warn', 5 * HOUR + 10],
      ['b 333', 'info', 24 * HOUR - 1],
      ['a 9', 'info', 2 * HOUR],
      ['d', 'debug', 12 * HOUR],
    ];
    for (const [message, level, at] of lines) groups.add(message, level, at);
    return groups;
  }

  it('ranks by count, ties by text, and counts levels, first/last seen and buckets for the top groups', () => {
    const top = grouped().top(3);
    expect(top.map((g) => [g.template, g.count])).toEqual([
      ['b <num>', 3],
      ['a <num>', 2],
      ['c <num>', 2],
    ]);
    expect(top[0]).toMatchObject({ levels: { error: 2, info: 1 }, firstSeen: 0, lastSeen: 24 * HOUR - 1 });
    expect(top[0]!.buckets.map((n, i) => (n ? [i, n] : null)).filter(Boolean)).toEqual([[0, 1], [1, 1], [23, 1]]);
    expect(top[2]!.buckets[5]).toBe(2);
  });

  it('leaves out what `keep` does not keep, and says how many groups and lines it keeps', () => {
    const groups = grouped();
    const keep = (t: string) => !t.startsWith('b');
    expect(groups.top(10, keep).map((g) => g.template)).toEqual(['a <num>', 'c <num>', 'd']);
    expect(groups.kept(keep)).toEqual({ groups: 3, lines: 5 });
    expect(groups.kept()).toEqual({ groups: 4, lines: 8 });
    expect(groups.lines).toBe(8);
    expect(groups.has('d') && !groups.has('e')).toBe(true);
    expect(new TemplateGroups(0, HOUR).top(5)).toEqual([]);
  });
});
