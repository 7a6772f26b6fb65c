import { describe, expect, it } from 'vitest';
import { countFileLines } from '@/lib/logs/count-file-lines';

// Complete lines of an export file, counted as its chunks go out, whatever the chunk boundaries.

function countInChunks(format: 'ndjson' | 'csv', text: string, size: number): number {
  const counter = countFileLines(format);
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) counter.add(bytes.subarray(at, at + size));
  return counter.lines;
}

const CSV = [
  'timestamp,level,message\n',
  '2026-12-01T00:00:00.000Z,info,plain\n',
  '2026-12-01T00:00:01.000Z,warn,"two\nlines, and a ""quote"""\n',
  '2026-12-01T00:00:02.000Z,info,"""\n""\n"\n',
  '2026-12-01T00:00:03.000Z,error,last\n',
].join('');

describe('countFileLines', () => {
  it('counts NDJSON lines, not a partial last one', () => {
    for (const size of [1, 3, 7, 1000]) expect(countInChunks('ndjson', '{"a":1}\n{"b":"x\\ny"}\n{"c":', size)).toBe(2);
  });

  it('counts CSV records without the header, newlines inside quotes being data', () => {
    for (const size of [1, 2, 5, 13, 1000]) expect(countInChunks('csv', CSV, size)).toBe(4);
  });

  it('does not count a CSV record cut off inside its quotes', () => {
    const cut = CSV.slice(0, CSV.indexOf('lines, and'));
    expect(countInChunks('csv', cut, 4)).toBe(1);
    expect(countInChunks('csv', 'timestamp\n', 4)).toBe(0);
  });
});
