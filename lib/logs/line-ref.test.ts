import { describe, expect, it } from 'vitest';
import { decodeLineRef, encodeLineRef, lineRefFromPath } from '@/lib/logs/line-ref';

const raw = (text: string) => Buffer.from(text).toString('base64url');

describe('line reference', () => {
  it('round-trips the installation, time and id it names, in a URL-safe form', () => {
    const ref = { installationId: 'cmabc123_x-Y', ts: new Date('2026-11-30T10:00:00.123Z'), id: '9223372036854775807' };
    const encoded = encodeLineRef(ref);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeLineRef(encoded)).toEqual(ref);
    expect(lineRefFromPath(encoded)).toEqual(ref);
  });

  it('names different lines differently (same time, other id or installation)', () => {
    const ts = new Date('2026-11-30T10:00:00.000Z');
    const refs = [
      encodeLineRef({ installationId: 'a', ts, id: '1' }),
      encodeLineRef({ installationId: 'a', ts, id: '2' }),
      encodeLineRef({ installationId: 'b', ts, id: '1' }),
      encodeLineRef({ installationId: 'a', ts: new Date(ts.getTime() + 1), id: '1' }),
    ];
    expect(new Set(refs).size).toBe(refs.length);
  });

  it('refuses what the API never gave out, and the path form says 404', () => {
    const bad = [
      '',
      '%%%',
      'a'.repeat(201),
      raw('inst|2026-11-30T10:00:00.000Z'),
      raw('inst|2026-11-30T10:00:00.000Z|1|2'),
      raw('|2026-11-30T10:00:00.000Z|1'),
      raw('in st|2026-11-30T10:00:00.000Z|1'),
      raw(`${'i'.repeat(65)}|2026-11-30T10:00:00.000Z|1`),
      raw('inst|2026-11-30T10:00:00.000Z|-1'),
      raw('inst|2026-11-30T10:00:00.000Z|9223372036854775808'),
      raw('inst|2026-11-30T10:00:00.000Z|12a'),
      raw('inst|+275760-09-13T00:00:00.000Z|1'),
      raw('inst|2026-11-30T10:00:00Z|1'), // another spelling of a valid instant
      raw('inst|2026-11-30|1'),
      raw('inst|not a time|1'),
      raw("inst'; DROP TABLE log_lines;--|2026-11-30T10:00:00.000Z|1"),
    ];
    for (const value of bad) {
      expect(decodeLineRef(value), value).toBeNull();
      expect(() => lineRefFromPath(value), value).toThrow(expect.objectContaining({ code: 'not_found', status: 404 }));
    }
  });
});
