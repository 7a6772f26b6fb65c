import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, SeverityNumber, trace, TraceFlags } from '@opentelemetry/api';
import { OTLPLogExporter as JsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writer } from 'protobufjs/light';
import { decodeOtlpLogsProtobuf } from '@/lib/ingest/decode-otlp-proto';
import { MAX_OTLP_DEPTH } from '@/lib/ingest/parse-otlp-logs';
import { parseOtlpLogsProtobuf } from '@/lib/ingest/parse-otlp-proto';

// The protobuf decoding against the bytes the official OpenTelemetry exporters
// send, captured by a loopback server: the proto exporter's request, decoded,
// equals the JSON exporter's request for the same records.

type Captured = { contentType: string; body: Buffer };

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const AT = new Date('2026-11-24T13:05:00.123Z');

let server: ReturnType<typeof createServer>;
let url: string;
const captured: Captured[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      captured.push({ contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/logs`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The same records, sent by one exporter; the bytes it posted. */
async function send(exporter: JsonExporter | ProtoExporter): Promise<Captured> {
  const before = captured.length;
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'timesheet-pro', 'service.version': '3.4.1', 'logshare.site.url': 'acme.atlassian.net' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('resolvers/timesheet', '1.0.0');
  logger.emit({
    timestamp: AT,
    observedTimestamp: AT,
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    body: 'worklog save was slow',
    attributes: {
      'code.function.name': 'resolvers/timesheet.saveWorklog',
      'faas.invocation.id': 'inv-1',
      durationMs: 2400,
      ratio: 0.5,
      retried: true,
      tags: ['a', 'b'],
      nested: { depth: { count: 2 } },
    },
    context: trace.setSpanContext(context.active(), { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED }),
  });
  logger.emit({ timestamp: AT, observedTimestamp: AT, severityNumber: SeverityNumber.FATAL, body: { code: 500, retry: false } });
  await provider.forceFlush();
  await provider.shutdown();
  expect(captured.length).toBe(before + 2);
  return { contentType: captured[before]!.contentType, body: Buffer.concat(captured.slice(before).map((c) => c.body)) };
}

/**
 * The JSON exporter's request as protobuf carries it: proto3 sends no zero
 * counts or empty lists, and the JSON exporter writes int64 values as numbers where OTLP/JSON
 * also allows strings (the parser takes both).
 */
function asProtobufCarriesIt(json: unknown): unknown {
  return JSON.parse(JSON.stringify(json), (key, value: unknown) => {
    if (key === 'droppedAttributesCount' && value === 0) return undefined;
    if (Array.isArray(value) && value.length === 0) return undefined;
    if (key === 'intValue' && typeof value === 'number') return String(value);
    return value;
  }) as unknown;
}

/** Both records of two single-record requests, in one list. */
function recordsOf(requests: unknown[]) {
  return requests.map((r) => (r as { resourceLogs: { scopeLogs: { logRecords: unknown[] }[] }[] }).resourceLogs[0]!.scopeLogs[0]!.logRecords[0]);
}

describe('decodeOtlpLogsProtobuf', () => {
  it('decodes the proto exporter’s request into what the JSON exporter sends', async () => {
    const before = captured.length;
    await send(new JsonExporter({ url }));
    const json = captured.slice(before).map((c) => JSON.parse(c.body.toString('utf8')) as unknown);
    const protoStart = captured.length;
    await send(new ProtoExporter({ url }));
    const proto = captured.slice(protoStart);
    expect(proto[0]!.contentType).toBe('application/x-protobuf');
    const decoded = proto.map((c) => decodeOtlpLogsProtobuf(c.body));

    expect(decoded).toEqual(json.map(asProtobufCarriesIt));
    const [slow] = recordsOf(decoded) as [Record<string, unknown>];
    expect(slow).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, timeUnixNano: '1795525500123000000', severityNumber: 13 });
  });

  it('gives the parser the record’s time, level, message, trace and attributes', async () => {
    const start = captured.length;
    await send(new ProtoExporter({ url }));
    const [first, second] = captured.slice(start).map((c) => parseOtlpLogsProtobuf(c.body, { maxLines: 10 }));
    expect(first!.rejected).toEqual([]);
    const line = first!.candidates[0]!;
    expect(line).toMatchObject({ line: 1, siteUrl: 'acme.atlassian.net' });
    expect(line.fields).toMatchObject({
      ts: AT,
      level: 'WARN',
      message: 'worklog save was slow',
      traceId: TRACE_ID,
      invocationId: 'inv-1',
      module: 'resolvers/timesheet',
      function: 'saveWorklog',
      appVersion: '3.4.1',
    });
    expect(JSON.parse(line.fields.attributesJson!)).toEqual({ durationMs: 2400, ratio: 0.5, retried: true, tags: ['a', 'b'], nested: { depth: { count: 2 } }, spanId: SPAN_ID });
    expect(second!.candidates[0]!.fields).toMatchObject({ level: 'ERROR', message: '{"code":500,"retry":false}' });
  });

  it('refuses bytes that are not an ExportLogsServiceRequest with a 400', () => {
    expect(() => decodeOtlpLogsProtobuf(Buffer.from([0x0a, 0x05, 0x01]))).toThrow(/not a valid OTLP\/HTTP protobuf/);
    expect(() => decodeOtlpLogsProtobuf(Buffer.from('{"resourceLogs":[]}'))).toThrow(/not a valid OTLP\/HTTP protobuf/);
  });

  /** A request whose one record's body is an AnyValue nested `levels` arrays deep, built field by field. */
  function nestedBody(levels: number): Buffer {
    const field = (id: number, inner: Uint8Array) => Writer.create().uint32((id << 3) | 2).bytes(inner).finish();
    let value = field(1, Buffer.from('x')); // AnyValue.stringValue
    for (let i = 0; i < levels; i++) value = field(5, field(1, value)); // AnyValue.arrayValue -> ArrayValue.values
    const record = Buffer.concat([Writer.create().uint32((1 << 3) | 1).fixed64(1_764_496_800_000_000_000).finish(), field(5, value)]);
    const site = Buffer.concat([field(1, Buffer.from('logshare.site.url')), field(2, field(1, Buffer.from('acme.atlassian.net')))]);
    // resourceLogs -> (resource -> attributes), (scopeLogs -> logRecords)
    return Buffer.from(field(1, Buffer.concat([field(1, field(1, site)), field(2, field(2, record))])));
  }

  it('bounds nesting before recursion: 10,000 levels are a 400, as is anything deeper than the JSON path takes', () => {
    expect(() => decodeOtlpLogsProtobuf(nestedBody(10_000))).toThrow(/not a valid OTLP\/HTTP protobuf.*max depth exceeded/);
    expect(() => parseOtlpLogsProtobuf(nestedBody(40), { maxLines: 10 })).toThrow(new RegExp(`nests deeper than ${MAX_OTLP_DEPTH} levels`));
    const shallow = parseOtlpLogsProtobuf(nestedBody(3), { maxLines: 10 });
    expect(shallow.rejected).toEqual([]);
    expect(shallow.candidates[0]!.fields.message).toBe('[[["x"]]]');
  });
});
