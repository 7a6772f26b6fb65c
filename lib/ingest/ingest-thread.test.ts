import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { batchHere, type CheckRules } from '@/lib/ingest/check-candidates';
import { parseNdjsonOffThread, parseOtlpOffThread, stopIngestThreads } from '@/lib/ingest/ingest-thread';
import { parseNdjson } from '@/lib/ingest/parse-ndjson';
import { otlpMessages } from '@/lib/ingest/otlp-proto-schema';
import { parseOtlpLogs } from '@/lib/ingest/parse-otlp-logs';
import { parseOtlpLogsProtobuf } from '@/lib/ingest/parse-otlp-proto';

const now = new Date('2026-11-30T12:00:00Z');
const rules: CheckRules = {
  installations: [
    { id: 'inst1', url: 'acme.atlassian.net', environment: 'PRODUCTION', product: 'JIRA', uninstalled_at: null },
    { id: 'inst2', url: 'acme.atlassian.net', environment: 'STAGING', product: 'JIRA', uninstalled_at: null },
  ],
  environment: 'PRODUCTION',
  retentionDays: 30,
  now,
};

const ndjson = (lines: Record<string, unknown>[]) => Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n'));
const line = (i: number, extra: Record<string, unknown> = {}) => ({
  installationId: 'inst1',
  timestamp: new Date(now.getTime() - i * 60_000).toISOString(),
  level: i % 3 ? 'info' : 'warning',
  message: `line ${i} from 10.0.0.${i % 250}`,
  invocationId: `inv-${i}`,
  ...extra,
});

describe('the ingest worker', () => {
  it('parses, checks and prepares a batch as this thread does', async () => {
    const body = ndjson([line(1, { attributes: { region: 'eu' } }), line(2, { timestamp: 'yesterday' }), line(3, { installationId: 'inst2' }), line(4, { installationId: 'other' }), line(5)]);
    const offThread = await parseNdjsonOffThread(body, { maxLines: 10 });
    const here = batchHere(await parseNdjson(body, { maxLines: 10 }));
    expect(offThread.refs).toEqual(here.refs);
    expect(offThread.rejected).toEqual(here.rejected);
    const [settled, expected] = [await offThread.settle(rules), await here.settle(rules)];
    expect(settled.accepted).toBe(2);
    expect(settled.rejected).toEqual(expected.rejected);
    expect(settled.rejected.map((r) => r.line)).toEqual([3, 4]);
    expect(settled.prepared.copyBytes.equals(expected.prepared.copyBytes)).toBe(true);
    expect(settled.prepared.stats).toEqual(expected.prepared.stats);
  });

  it('keeps concurrent batches apart, settled in any order', async () => {
    const bodies = [3, 250, 40].map((n, b) => ndjson(Array.from({ length: n }, (_, i) => line(b * 300 + i))));
    const batches = await Promise.all(bodies.map((body) => parseNdjsonOffThread(body, { maxLines: 1000 })));
    const settled = await Promise.all([2, 0, 1].map((b) => batches[b]!.settle(rules)));
    expect(settled.map((s) => s.accepted)).toEqual([40, 3, 250]);
    const firstMessage = (bytes: Buffer) => bytes.toString('utf8').split('\n')[0]!.split('\t')[3];
    expect(settled.map((s) => firstMessage(s.prepared.copyBytes))).toEqual(['line 600 from 10.0.0.100', 'line 0 from 10.0.0.0', 'line 300 from 10.0.0.50']);
  });

  it('refuses a batch over the limit with the same error, status and all', async () => {
    const refused = await parseNdjsonOffThread(ndjson([line(1), line(2)]), { maxLines: 1 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(413);
  });

  it('fails the batches a dead thread held, and takes the next batches on new threads', async () => {
    const held = await Promise.all([1, 2, 3].map((i) => parseNdjsonOffThread(ndjson([line(i)]), { maxLines: 10 })));
    await stopIngestThreads();
    for (const batch of held) await expect(batch.settle(rules)).rejects.toThrow(/holds no batch|stopped/);
    const next = await Promise.all([4, 5, 6].map((i) => parseNdjsonOffThread(ndjson([line(i)]), { maxLines: 10 })));
    expect((await Promise.all(next.map((batch) => batch.settle(rules)))).map((s) => s.accepted)).toEqual([1, 1, 1]);
  });

  it('lets go of a released batch', async () => {
    const batch = await parseNdjsonOffThread(ndjson([line(1)]), { maxLines: 10 });
    batch.release();
    await expect(batch.settle(rules)).rejects.toThrow(/holds no batch/);
  });

  const otlpRequest = (records: { minutesAgo: number; installation: string; body: string }[]) => ({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.version', value: { stringValue: '3.4.1' } }] },
        scopeLogs: [
          {
            logRecords: records.map((r) => ({
              timeUnixNano: String(BigInt(now.getTime() - r.minutesAgo * 60_000) * 1_000_000n),
              severityNumber: 13,
              body: { stringValue: r.body },
              attributes: [{ key: 'logshare.installation.id', value: { stringValue: r.installation } }],
            })),
          },
        ],
      },
    ],
  });

  it('parses OTLP, JSON and protobuf, and settles it as this thread does', async () => {
    const request = otlpRequest([
      { minutesAgo: 1, installation: 'inst1', body: 'otlp one from 10.0.0.1' },
      { minutesAgo: 2, installation: 'inst2', body: 'otlp staging' },
      { minutesAgo: 3, installation: 'inst1', body: 'otlp three' },
    ]);
    const json = Buffer.from(JSON.stringify(request));
    const protobuf = Buffer.from(otlpMessages.exportRequest.encode(otlpMessages.exportRequest.fromObject(request)).finish());
    for (const [body, encoding, parse] of [
      [json, 'json', parseOtlpLogs],
      [protobuf, 'protobuf', parseOtlpLogsProtobuf],
    ] as const) {
      const offThread = await parseOtlpOffThread(body, { maxLines: 10, encoding });
      const here = batchHere(parse(body, { maxLines: 10 }));
      expect(offThread.refs).toEqual({ installationIds: ['inst1', 'inst2'], siteUrls: [] });
      const [settled, expected] = [await offThread.settle(rules), await here.settle(rules)];
      expect(settled.accepted).toBe(2);
      expect(settled.rejected).toEqual([{ line: 2, error: expect.stringMatching(/staging/) as unknown as string }]);
      expect(settled.rejected).toEqual(expected.rejected);
      expect(settled.prepared.copyBytes.equals(expected.prepared.copyBytes)).toBe(true);
    }
  });

  it('refuses an OTLP body that does not decode with the same 400 as on this thread', async () => {
    const refused = await parseOtlpOffThread(Buffer.from([0x0a, 0xff, 0xff, 0xff]), { maxLines: 10, encoding: 'protobuf' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(400);
    expect((refused as AppError).message).toMatch(/not a valid OTLP\/HTTP protobuf/);
  });
});
