import { describe, expect, it } from 'vitest';
import { parseNdjson } from '@/lib/ingest/parse-ndjson';
import { parseOtlpLogs } from '@/lib/ingest/parse-otlp-logs';
import { levelOfName } from '@/lib/validations/ingest';

const line = (fields: Record<string, unknown>) => JSON.stringify({ installationId: 'inst1', timestamp: '2026-11-30T10:00:00.123+01:00', level: 'info', message: 'hello', ...fields });

describe('parseNdjson', () => {
  it('numbers lines as the sender wrote them, blank ones included, and normalises time to UTC', async () => {
    const body = Buffer.from([line({}), '', line({ level: 'nope' }), line({ timestamp: 1764496800000 })].join('\r\n'));
    const { candidates, rejected } = await parseNdjson(body, { maxLines: 10 });
    expect(candidates.map((c) => c.line)).toEqual([1, 4]);
    expect(candidates[0]!.fields.ts.toISOString()).toBe('2026-11-30T09:00:00.123Z');
    expect(candidates[1]!.fields.ts.toISOString()).toBe('2025-11-30T10:00:00.000Z');
    expect(rejected).toEqual([{ line: 3, error: expect.stringContaining('level "nope"') }]);
  });

  it('rejects invalid UTF-8 per line and refuses too many lines as a whole', async () => {
    const body = Buffer.concat([Buffer.from(line({}) + '\n'), Buffer.from([0x7b, 0xff, 0x7d, 0x0a])]);
    expect((await parseNdjson(body, { maxLines: 10 })).rejected).toEqual([{ line: 2, error: 'the line is not valid UTF-8' }]);
    await expect(parseNdjson(Buffer.from([line({}), line({})].join('\n')), { maxLines: 1 })).rejects.toThrow(/at most 1 lines/);
  });

  it('says what is wrong with each rejected line: its shape, level, attributes and installation', async () => {
    const body = Buffer.from(
      [
        line({ level: 'loud' }),
        line({ attributes: { blob: 'x'.repeat(20_000) } }),
        line({ installationId: undefined }),
        line({ installationId: undefined, level: 'loud' }),
        line({ colour: 'red' }),
        line({ message: '' }),
        line({ attributes: { region: 'eu' }, level: 'Warning' }),
      ].join('\n'),
    );
    const { candidates, rejected } = await parseNdjson(body, { maxLines: 10 });
    expect(rejected).toEqual([
      { line: 1, error: 'level: level "loud" is not one of error, warn, info, debug, trace (or a common alias, or a pino number 10-60)' },
      { line: 2, error: 'attributes: attributes must be at most 16384 bytes as JSON' },
      { line: 3, error: 'installationId or siteUrl is required' },
      { line: 4, error: 'level: level "loud" is not one of error, warn, info, debug, trace (or a common alias, or a pino number 10-60); installationId or siteUrl is required' },
      { line: 6, error: 'message: message must not be empty' },
    ]);
    expect(candidates.map((c) => [c.line, c.fields.level, c.fields.attributesJson])).toEqual([
      [5, 'INFO', '{"colour":"red"}'],
      [7, 'WARN', '{"region":"eu"}'],
    ]);
  });

  it('looks level names up without finding Object.prototype: such a level is a rejected line, not a failed batch', async () => {
    const levels = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
    const { candidates, rejected } = await parseNdjson(Buffer.from(levels.map((level) => line({ level })).join('\n')), { maxLines: 10 });
    expect(candidates).toEqual([]);
    expect(rejected.map((r) => r.error)).toEqual(levels.map((l) => `level: level "${l}" is not one of error, warn, info, debug, trace (or a common alias, or a pino number 10-60)`));
  });

  it('keeps attribute keys named like Object.prototype members, __proto__ included, through to the stored JSON', async () => {
    const text = `{"installationId":"inst1","timestamp":"2026-11-30T10:00:00Z","level":"info","message":"m","attributes":{"__proto__":{"a":1},"constructor":"c","toString":{"__proto__":2}}}`;
    const { candidates } = await parseNdjson(Buffer.from(text), { maxLines: 10 });
    expect(candidates[0]!.fields.attributesJson).toBe('{"__proto__":{"a":1},"constructor":"c","toString":{"__proto__":2}}');
  });

  it('rejects, per line, attributes beyond the bounds, however deep, without failing the batch', async () => {
    const deep = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const raw = (attributes: string) => `{"installationId":"inst1","timestamp":"2026-11-30T10:00:00Z","level":"info","message":"m","attributes":${attributes}}`;
    const manyKeys = JSON.stringify(Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i])));
    const body = Buffer.from(
      [raw(`{"d":${deep(15)}}`), raw(`{"d":${deep(16)}}`), raw(`{"d":${deep(500_000)}}`), raw(manyKeys), raw(`{"${'k'.repeat(257)}":1}`), raw('[1]'), raw('"text"')].join('\n'),
    );
    const { candidates, rejected } = await parseNdjson(body, { maxLines: 10 });
    expect(candidates.map((c) => c.line)).toEqual([1]);
    expect(rejected).toEqual([
      { line: 2, error: 'attributes: attributes nests deeper than 16 levels' },
      { line: 3, error: 'attributes: attributes nests deeper than 16 levels' },
      { line: 4, error: 'attributes: attributes holds more than 1000 keys and items in all' },
      { line: 5, error: 'attributes: attributes holds a key longer than 256 characters' },
      { line: 6, error: 'attributes: attributes must be an object' },
      { line: 7, error: 'attributes: attributes must be an object' },
    ]);
  });

  it('stores a line holding NUL characters or unpaired surrogates with each replaced by U+FFFD, attribute keys included', async () => {
    const text = String.raw`{"installationId":"inst1","timestamp":"2026-11-30T10:00:00Z","level":"info","message":"a\u0000b\ud800","module":"m\u0000","attributes":{"k\u0000":"v\udc00","literal":"\\u0000"}}`;
    const { candidates, rejected } = await parseNdjson(Buffer.from(text), { maxLines: 10 });
    expect(rejected).toEqual([]);
    expect(candidates[0]!.fields).toMatchObject({ message: 'a\uFFFDb\uFFFD', module: 'm\uFFFD' });
    expect(JSON.parse(candidates[0]!.fields.attributesJson!)).toEqual({ 'k\uFFFD': 'v\uFFFD', literal: '\\u0000' });
  });

  it('lets other callbacks run while it parses a long batch', async () => {
    let ranMeanwhile = false;
    setImmediate(() => (ranMeanwhile = true));
    const { candidates } = await parseNdjson(Buffer.from(Array.from({ length: 250 }, () => line({})).join('\n')), { maxLines: 1000 });
    expect(candidates).toHaveLength(250);
    expect(ranMeanwhile).toBe(true);
  });
});

describe('levelOfName', () => {
  it('takes the five levels in any case and the common aliases', () => {
    expect(['ERROR', 'Fatal', 'critical', 'WARNING', 'notice', 'Information', 'debug', 'verbose', 'TRACE'].map(levelOfName)).toEqual([
      'ERROR', 'ERROR', 'ERROR', 'WARN', 'INFO', 'INFO', 'DEBUG', 'DEBUG', 'TRACE',
    ]);
    expect(levelOfName('loud')).toBeUndefined();
  });
});

describe('parseOtlpLogs', () => {
  const request = (records: unknown[], resource: unknown[] = []) =>
    Buffer.from(JSON.stringify({ resourceLogs: [{ resource: { attributes: resource }, scopeLogs: [{ logRecords: records }] }] }));

  it('maps severity numbers onto levels and prefers timeUnixNano over observedTimeUnixNano', () => {
    const records = [1, 5, 9, 13, 17, 21].map((severityNumber) => ({ severityNumber, timeUnixNano: '1764496800123456789', observedTimeUnixNano: '1', body: { stringValue: 'x' } }));
    const { candidates } = parseOtlpLogs(request(records, [{ key: 'logshare.site.url', value: { stringValue: 'Acme.Atlassian.Net' } }]), { maxLines: 10 });
    expect(candidates.map((c) => c.fields.level)).toEqual(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'ERROR']);
    expect(candidates[0]!.fields.ts.toISOString()).toBe('2025-11-30T10:00:00.123Z');
    expect(candidates[0]!.siteUrl).toBe('acme.atlassian.net');
  });

  it('keeps structured bodies as JSON text and unmapped attributes as attributes', () => {
    const { candidates } = parseOtlpLogs(
      request([
        {
          observedTimeUnixNano: 1764496800000000000,
          severityText: 'Warning',
          body: { kvlistValue: { values: [{ key: 'event', value: { stringValue: 'retry' } }] } },
          attributes: [
            { key: 'logshare.installation.id', value: { stringValue: 'inst1' } },
            { key: 'attempt', value: { intValue: '3' } },
            { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { boolValue: false }] } } },
          ],
        },
      ]),
      { maxLines: 10 },
    );
    expect(candidates[0]!.fields).toMatchObject({ level: 'WARN', message: '{"event":"retry"}', attributesJson: '{"attempt":3,"tags":["a",false]}' });
    expect(candidates[0]!.installationId).toBe('inst1');
  });
});
