import { randomBytes } from 'node:crypto';
import { expect } from '@playwright/test';
import { loghubMessages } from '@/lib/demo/loghub-messages';

// What each client test sends: three real messages from the loghub samples (an
// info, a warning, an error), the error inside a trace, each with attributes;
// and the check that the vendor reads exactly those back.

export type Level = 'error' | 'warn' | 'info';
export type SentLine = { level: Level; message: string; attributes: Record<string, string | number>; traceId?: string; spanId?: string };
export type ReadLine = { timestamp: string; level: string; message: string; traceId: string | null; attributes: Record<string, unknown> | null };
/** The instant a line was stamped with: exactly `at`, or, where the client stamps it itself, within [from, to]. */
export type When = { at: number } | { from: number; to: number };

const first = (source: 'OpenStack' | 'HDFS' | 'Apache', level: 'INFO' | 'WARN' | 'ERROR') => loghubMessages(source).find((m) => m.level === level)!.message;

/** Three lines for one client; the error carries a fresh trace and span ID. */
export function sampleLines(client: string): SentLine[] {
  const orderId = `ord-${client}-${randomBytes(3).toString('hex')}`;
  return [
    { level: 'info', message: first('OpenStack', 'INFO'), attributes: { orderId, attempt: 1 } },
    { level: 'warn', message: first('HDFS', 'WARN'), attributes: { orderId, attempt: 2 } },
    {
      level: 'error',
      message: first('Apache', 'ERROR'),
      attributes: { orderId, attempt: 3 },
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
    },
  ];
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Every sent line is read back once, with its level, time in UTC, trace ID and attributes. */
export function expectLinesRead(read: ReadLine[], sent: { line: SentLine; when: When }[]) {
  expect(read.map((l) => l.message).sort()).toEqual(sent.map((s) => s.line.message).sort());
  for (const { line, when } of sent) {
    const got = read.find((l) => l.message === line.message)!;
    expect(got.timestamp, line.message).toMatch(ISO_UTC);
    if ('at' in when) expect(got.timestamp, line.message).toBe(new Date(when.at).toISOString());
    else {
      expect(Date.parse(got.timestamp), `${got.timestamp} is not before the line was logged`).toBeGreaterThanOrEqual(when.from);
      expect(Date.parse(got.timestamp), `${got.timestamp} is not after the line was sent`).toBeLessThanOrEqual(when.to);
    }
    expect(got.level, line.message).toBe(line.level);
    expect(got.traceId, line.message).toBe(line.traceId ?? null);
    expect(got.attributes ?? {}, line.message).toMatchObject(line.attributes);
  }
}
