import { describe, expect, it } from 'vitest';
import { parseNdjson, PLAIN_TEXT_NOTE } from '@/lib/ingest/parse-ndjson';
import { levelOfName, parseIngestLine } from '@/lib/validations/ingest';

// The shapes shippers send by default (issue #14): aliases, pino's numbers,
// epoch seconds, extra fields, JSON arrays, plain text, a request's installation.

// parseIngestLine may add the time received to the object it is given (a freshly parsed line), so each test spreads a copy.
const base = Object.freeze({ installationId: 'inst1', level: 'info', message: 'hello' });
const parse = (value: unknown, installation?: { installationId?: string; siteUrl?: string }) =>
  parseIngestLine(value, { mayHoldEscapes: false, receivedAt: Date.UTC(2026, 11, 2, 9, 0), installation });
const ok = (value: unknown, installation?: { installationId?: string; siteUrl?: string }) => {
  const result = parse(value, installation);
  if (!result.success) throw new Error(result.error);
  return result;
};

describe('level names and numbers', () => {
  const cases: [string, string[]][] = [
    ['ERROR', ['error', 'err', 'fatal', 'critical', 'crit', 'alert', 'emerg', 'emergency', 'severe', 'panic', 'FATAL', 'Critical']],
    ['WARN', ['warn', 'warning', 'WARNING']],
    ['INFO', ['info', 'notice', 'information', 'informational', 'log', 'INFO']],
    ['DEBUG', ['debug', 'http', 'verbose', 'fine', 'DEBUG']],
    ['TRACE', ['trace', 'silly', 'notset', 'all', 'finer', 'finest', 'TRACE']],
  ];
  it.each(cases)('maps pino, winston, syslog, Log4j and Python names onto %s', (level, names) => {
    expect(names.map(levelOfName)).toEqual(names.map(() => level));
  });

  it('maps pino numbers 10-60 and refuses others, naming them', () => {
    expect([10, 20, 30, 40, 50, 60].map((level) => ok({ ...base, level }).data.level)).toEqual(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'ERROR']);
    expect(parse({ ...base, level: 35 })).toEqual({ success: false, error: expect.stringContaining('level "35" is not one of') });
  });
});

describe('times', () => {
  const at = (fields: Record<string, unknown>) => new Date(ok({ ...base, ...fields }).data.timestamp).toISOString();
  it('reads ISO-8601, epoch milliseconds and epoch seconds with a fraction under timestamp, time, @timestamp and ts', () => {
    expect(at({ timestamp: '2026-12-02T10:00:00.5+01:00' })).toBe('2026-12-02T09:00:00.500Z');
    expect(at({ time: 1733140000000 })).toBe('2024-12-02T11:46:40.000Z');
    expect(at({ '@timestamp': '2026-12-02T09:00:00Z' })).toBe('2026-12-02T09:00:00.000Z');
    expect(at({ ts: 1733140000.123 })).toBe('2024-12-02T11:46:40.123Z');
    expect(at({ ts: 99_999_999_999 })).toBe('5138-11-16T09:46:39.000Z');
    expect(at({ ts: 100_000_000_000 })).toBe('1973-03-03T09:46:40.000Z');
  });

  it('gives a line without a time the time received and says so', () => {
    const result = ok({ ...base });
    expect(result.timeAssigned).toBe(true);
    expect(new Date(result.data.timestamp).toISOString()).toBe('2026-12-02T09:00:00.000Z');
    expect(ok({ ...base, time: 1733140000000 }).timeAssigned).toBe(false);
  });

  it('takes the first of timestamp, time, @timestamp, ts and keeps the others as attributes', () => {
    const result = ok({ ...base, ts: 1, time: 1733140000000 });
    expect(result.data.timestamp).toBe(1733140000000);
    expect(JSON.parse(result.data.attributes!)).toEqual({ ts: 1 });
  });
});

describe('fields', () => {
  it('takes msg for message and keeps every unknown field in attributes, __proto__ included', () => {
    const value = JSON.parse('{"installationId":"i","level":30,"time":1733140000000,"pid":1,"hostname":"h","msg":"hi","__proto__":{"x":1}}') as unknown;
    const { data } = ok(value);
    expect([data.message, data.level]).toEqual(['hi', 'INFO']);
    expect(data.attributes).toBe('{"pid":1,"hostname":"h","__proto__":{"x":1}}');
  });

  it('merges extra fields into the attributes given and keeps message over msg', () => {
    const { data } = ok({ ...base, msg: 'also', attributes: { a: 1 }, b: 2 });
    expect(data.message).toBe('hello');
    expect(data.attributes).toBe('{"a":1,"msg":"also","b":2}');
  });

  it('takes trace_id (OpenTelemetry pino and winston instrumentations) for traceId, keeping span_id and trace_flags as attributes', () => {
    const { data } = ok({ ...base, trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7', trace_flags: '01' });
    expect(data.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(JSON.parse(data.attributes!)).toEqual({ span_id: '00f067aa0ba902b7', trace_flags: '01' });
    // traceId itself wins; trace_id is then kept, not lost.
    const both = ok({ ...base, traceId: 'a'.repeat(32), trace_id: 'b'.repeat(32) }).data;
    expect([both.traceId, JSON.parse(both.attributes!)]).toEqual(['a'.repeat(32), { trace_id: 'b'.repeat(32) }]);
  });

  it('reports a field that clashes with an attribute key instead of dropping either', () => {
    expect(parse({ ...base, region: 'eu', attributes: { region: 'us' } })).toEqual({ success: false, error: 'field "region" is also a key of attributes; rename one' });
  });

  it('names every problem of a line at once', () => {
    const result = parse({ level: 'loud', message: '', attributes: 'x', time: 'yesterday' });
    expect(result.success).toBe(false);
    const error = (result as { error: string }).error;
    for (const part of ['message must not be empty', 'timestamp: must be ISO-8601', 'level "loud" is not one of', 'attributes must be an object', 'installationId or siteUrl is required']) {
      expect(error).toContain(part);
    }
  });

  it('takes the installation from the request when the line names none', () => {
    expect(parse({ level: 'info', message: 'm' }, { installationId: 'fromHeader' }).success).toBe(true);
  });
});

describe('bodies', () => {
  const receivedBefore = Date.now();
  it('reads a JSON array of objects, numbering items from 1', async () => {
    const body = Buffer.from(JSON.stringify([{ ...base, level: 'http' }, 7, { ...base, level: 'silly', time: 1733140000 }]));
    const parsed = await parseNdjson(body, { maxLines: 10 });
    expect(parsed.candidates.map((c) => [c.line, c.fields.level])).toEqual([
      [1, 'DEBUG'],
      [3, 'TRACE'],
    ]);
    expect(parsed.rejected).toEqual([{ line: 2, error: 'the line must be a JSON object' }]);
    expect(parsed.timestampsAssigned).toBe(1);
    expect(parsed.candidates[0]!.fields.ts.getTime()).toBeGreaterThanOrEqual(receivedBefore);
  });

  it("takes Fluent Bit's and Docker's shape (the message in `log`, no level) at info, and counts the levels it assigned", async () => {
    const body = Buffer.from(`${JSON.stringify({ date: 1733140000.25, log: 'GET /healthz 200', installationId: 'inst1' })}\n${JSON.stringify(base)}`);
    const parsed = await parseNdjson(body, { maxLines: 10 });
    expect(parsed.rejected).toEqual([]);
    expect(parsed.candidates.map((c) => [c.fields.level, c.fields.message])).toEqual([
      ['INFO', 'GET /healthz 200'],
      ['INFO', 'hello'],
    ]);
    expect(parsed.levelsAssigned).toBe(1);
    expect(parsed.timestampsAssigned).toBe(2);
    expect(JSON.parse(parsed.candidates[0]!.fields.attributesJson!)).toEqual({ date: 1733140000.25 });
  });

  it('refuses a malformed array and one longer than the line limit as a whole', async () => {
    await expect(parseNdjson(Buffer.from('[{"a":1},'), { maxLines: 10 })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('not a JSON array') });
    await expect(parseNdjson(Buffer.from(JSON.stringify([base, base])), { maxLines: 1 })).rejects.toMatchObject({ status: 413 });
  });

  it('stores a plain-text line at info with the request installation and notes it; refuses it without one', async () => {
    const body = Buffer.from(`disk full on /var\r\n${JSON.stringify(base)}\n{broken`);
    const parsed = await parseNdjson(body, { maxLines: 10, installation: { siteUrl: 'https://a.example' } });
    expect(parsed.candidates.map((c) => [c.line, c.fields.level, c.fields.message, c.siteUrl, c.installationId])).toEqual([
      [1, 'INFO', 'disk full on /var', 'https://a.example', null],
      [2, 'INFO', 'hello', null, 'inst1'],
    ]);
    expect(parsed.notes).toEqual([{ line: 1, note: PLAIN_TEXT_NOTE }]);
    expect(parsed.rejected).toEqual([{ line: 3, error: 'the line is not valid JSON' }]);
    const alone = await parseNdjson(Buffer.from('disk full\n'), { maxLines: 10 });
    expect(alone.rejected).toEqual([{ line: 1, error: expect.stringMatching(/^not JSON: .*installationId or siteUrl is required/) }]);
  });
});
