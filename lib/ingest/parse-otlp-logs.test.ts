import { describe, expect, it } from 'vitest';
import { MAX_OTLP_DEPTH, parseOtlpLogs, unixNanosToMillis } from '@/lib/ingest/parse-otlp-logs';

// Hostile OTLP/JSON shapes: each is a per-record rejection or a 400, never an exception that fails the request with a 500.

const request = (records: unknown[], resource: unknown[] = []) =>
  Buffer.from(JSON.stringify({ resourceLogs: [{ resource: { attributes: resource }, scopeLogs: [{ logRecords: records }] }] }));
const site = { key: 'logshare.site.url', value: { stringValue: 'acme.atlassian.net' } };
const record = (fields: Record<string, unknown>) => ({ timeUnixNano: '1764496800123456789', body: { stringValue: 'x' }, ...fields });

describe('unixNanosToMillis', () => {
  it('takes whole non-negative nanoseconds as a string or a number, up to the end of year 9999', () => {
    expect(unixNanosToMillis('1764496800123456789', 't')).toBe(1764496800123);
    expect(unixNanosToMillis(1764496800000000000, 't')).toBe(1764496800000);
    expect(unixNanosToMillis('253402300799999999999', 't')).toBe(253402300799999);
    expect(unixNanosToMillis(undefined, 't')).toBe(0);
  });

  it('says why it cannot take floats, negatives, non-numeric strings and times beyond year 9999', () => {
    expect(unixNanosToMillis(1.5, 't')).toMatch(/whole, non-negative/);
    expect(unixNanosToMillis(-1, 't')).toMatch(/whole, non-negative/);
    expect(unixNanosToMillis(Number.MAX_VALUE, 't')).toMatch(/beyond the year 9999/);
    expect(unixNanosToMillis('1.5e18', 't')).toMatch(/whole, non-negative/);
    expect(unixNanosToMillis('12abc', 't')).toMatch(/whole, non-negative/);
    expect(unixNanosToMillis('9'.repeat(25), 't')).toMatch(/beyond the year 9999/);
    expect(unixNanosToMillis('9'.repeat(400), 't')).toMatch(/whole, non-negative/);
  });
});

describe('parseOtlpLogs with hostile input', () => {
  it('rejects records with bad timestamps one by one and keeps the good ones', () => {
    const times = ['1764496800123456789', 1.5, -5, '2e18', 'soon', '99999999999999999999999', 1e300];
    const { candidates, rejected } = parseOtlpLogs(request(times.map((timeUnixNano) => record({ timeUnixNano })), [site]), { maxLines: 10 });
    expect(candidates.map((c) => c.line)).toEqual([1]);
    expect(rejected.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(rejected.every((r) => /timeUnixNano/.test(r.error))).toBe(true);
  });

  it('refuses a body nested deeper than its bound as a 400 before anything recurses over it', () => {
    // Built as text: JSON.stringify itself would overflow at this depth.
    const deepBody = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"1","body":${'{"arrayValue":{"values":['.repeat(100_000)}{}${']}}'.repeat(100_000)}}]}]}]}`;
    expect(() => parseOtlpLogs(Buffer.from(deepBody), { maxLines: 10 })).toThrow(expect.objectContaining({ status: 400, message: expect.stringContaining(`deeper than ${MAX_OTLP_DEPTH}`) }));
    const deepResource = `{"resourceLogs":[{"resource":{"attributes":[{"key":"a","value":${'{"kvlistValue":{"values":[{"key":"k","value":'.repeat(50_000)}{}${'}]}}'.repeat(50_000)}}]},"scopeLogs":[]}]}`;
    expect(() => parseOtlpLogs(Buffer.from(deepResource), { maxLines: 10 })).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('rejects, per record, attributes nested beyond the attributes bound but within the body bound', () => {
    let value: unknown = { stringValue: 'leaf' };
    for (let i = 0; i < 16; i++) value = { kvlistValue: { values: [{ key: 'k', value }] } };
    const { candidates, rejected } = parseOtlpLogs(request([record({ attributes: [{ key: 'deep', value }] }), record({})], [site]), { maxLines: 10 });
    expect(rejected).toEqual([{ line: 1, error: 'attributes: attributes nests deeper than 16 levels' }]);
    expect(candidates.map((c) => c.line)).toEqual([2]);
  });

  it('keeps keys named like Object.prototype members and never calls a toString a sender supplied', () => {
    const kv = (key: string, stringValue: string) => ({ key, value: { stringValue } });
    const installationAsObject = { key: 'logshare.installation.id', value: { kvlistValue: { values: [kv('toString', 'x'), kv('valueOf', 'y')] } } };
    const { candidates, rejected } = parseOtlpLogs(
      request([record({ attributes: [kv('__proto__', 'p'), kv('constructor', 'c'), { key: 'nested', value: { kvlistValue: { values: [kv('__proto__', 'q')] } } }] }), record({ attributes: [installationAsObject] })], [site]),
      { maxLines: 10 },
    );
    expect(rejected).toEqual([]);
    expect(candidates[0]!.fields.attributesJson).toBe('{"__proto__":"p","constructor":"c","nested":{"__proto__":"q"}}');
    expect(candidates[1]!.installationId).toBe('{"toString":"x","valueOf":"y"}');
  });

  it('replaces NUL characters and unpaired surrogates in records by U+FFFD', () => {
    const body = Buffer.from(
      String.raw`{"resourceLogs":[{"resource":{"attributes":[{"key":"logshare.site.url","value":{"stringValue":"acme.atlassian.net"}}]},"scopeLogs":[{"logRecords":[{"timeUnixNano":"1764496800123456789","body":{"stringValue":"a\u0000b\udfff"},"attributes":[{"key":"k\u0000","value":{"stringValue":"v"}}]}]}]}]}`,
    );
    const { candidates } = parseOtlpLogs(body, { maxLines: 10 });
    expect(candidates[0]!.fields.message).toBe('a\uFFFDb\uFFFD');
    expect(JSON.parse(candidates[0]!.fields.attributesJson!)).toEqual({ 'k\uFFFD': 'v' });
  });
});
