import { describe, expect, it } from 'vitest';
import { decodeLogCursor, encodeLogCursor } from '@/lib/logs/log-cursor';

const raw = (text: string) => Buffer.from(text).toString('base64url');

describe('log cursor', () => {
  it('round-trips the (ts, id) it gave out', () => {
    const cursor = { ts: new Date('2026-11-30T10:00:00.123Z'), id: '9223372036854775807' };
    expect(decodeLogCursor(encodeLogCursor(cursor))).toEqual(cursor);
  });

  it('refuses, as a 400, what the database could not hold: years outside 1-9999, ids beyond a bigint, garbage', () => {
    const bad = [
      raw('+275760-09-13T00:00:00.000Z|1'),
      raw('-000001-01-01T00:00:00.000Z|1'),
      raw('2026-11-30T10:00:00.000Z|9223372036854775808'),
      raw('2026-11-30T10:00:00.000Z|9999999999999999999'),
      raw('2026-11-30T10:00:00.000Z|1|2'),
      raw('2026-11-30T10:00:00.000Z|-1'),
      raw('not a time|1'),
      '%%%',
      '',
    ];
    for (const value of bad) expect(() => decodeLogCursor(value), value).toThrow(expect.objectContaining({ code: 'bad_request', status: 400 }));
  });
});
