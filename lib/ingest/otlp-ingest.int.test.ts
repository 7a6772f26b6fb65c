import { context, SeverityNumber, trace, TraceFlags } from '@opentelemetry/api';
import { gzipSync } from 'node:zlib';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OTLPProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/otlp/v1/logs/route';
import { pgPool } from '@/lib/db/prisma';
import { otlpMessages } from '@/lib/ingest/otlp-proto-schema';
import { seedDemo } from '@/lib/demo/seed-demo';
import { installationId } from '@/lib/test-support/demo-lookups';
import { newIngestToken } from '@/lib/test-support/ingest';
import { serveRoute } from '@/lib/test-support/serve-route';

// POST /api/otlp/v1/logs fed by the official OpenTelemetry JS SDK and its
// OTLP/HTTP exporters (JSON and protobuf) over a real HTTP connection.

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

describe('POST /api/otlp/v1/logs', () => {
  let server: Awaited<ReturnType<typeof serveRoute>>;
  let acme: string;
  let secret: string;
  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 100, reset: true });
    acme = await installationId('Timesheet Pro', 'acme.atlassian.net');
    secret = (await newIngestToken('Timesheet Pro')).secret;
    server = await serveRoute(POST);
  });
  afterAll(() => server.close());

  it('stores records from the OpenTelemetry exporter with their level, UTC time, trace and attributes', async () => {
    const exporter = new OTLPLogExporter({ url: `${server.url}/api/otlp/v1/logs`, headers: { authorization: `Bearer ${secret}` } });
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'timesheet-pro', 'service.version': '3.4.1', 'logshare.installation.id': acme }),
      processors: [new SimpleLogRecordProcessor({ exporter })],
    });
    const logger = provider.getLogger('resolvers/timesheet');
    const at = new Date(Date.now() - 90_000);
    const withSpan = trace.setSpanContext(context.active(), { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
    logger.emit({
      timestamp: at,
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      body: 'otlp-sdk worklog save was slow',
      attributes: { 'code.namespace': 'resolvers/timesheet', 'code.function': 'saveWorklog', 'faas.invocation_id': 'inv-otlp-1', durationMs: 2400, retried: true },
      context: withSpan,
    });
    logger.emit({ severityNumber: SeverityNumber.FATAL, body: 'otlp-sdk payroll export crashed', attributes: { 'code.function.name': 'scheduled/payroll.handler' } });
    await provider.forceFlush();
    await provider.shutdown();

    const { rows } = await pgPool().query<{ ts: Date; level: string; message: string; module: string; function: string; invocation_id: string | null; trace_id: string | null; app_version: string; attributes: Record<string, unknown> }>(
      `SELECT ts, level, message, module, "function", invocation_id, trace_id, app_version, attributes FROM log_lines WHERE installation_id = $1 AND message LIKE 'otlp-sdk%' ORDER BY message DESC`,
      [acme],
    );
    expect(rows).toHaveLength(2);
    const [slow, crash] = rows as [(typeof rows)[0], (typeof rows)[0]];
    expect(slow).toMatchObject({ level: 'WARN', module: 'resolvers/timesheet', function: 'saveWorklog', invocation_id: 'inv-otlp-1', trace_id: TRACE_ID, app_version: '3.4.1' });
    expect(slow.ts.toISOString()).toBe(at.toISOString());
    expect(slow.attributes).toEqual({ durationMs: 2400, retried: true, spanId: SPAN_ID });
    expect(crash).toMatchObject({ level: 'ERROR', module: 'scheduled/payroll', function: 'handler', app_version: '3.4.1' });
    // No time on the record: the SDK's observed time stands in, which is now.
    expect(Math.abs(crash.ts.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('stores records from the protobuf exporter, configured with only the endpoint and the token, under current attribute names', async () => {
    const exporter = new OTLPProtoLogExporter({ url: `${server.url}/api/otlp/v1/logs`, headers: { authorization: `Bearer ${secret}` } });
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.version': '3.5.0', 'logshare.installation.id': acme, 'deployment.environment.name': 'production' }),
      processors: [new SimpleLogRecordProcessor({ exporter })],
    });
    const at = new Date(Date.now() - 120_000);
    const withSpan = trace.setSpanContext(context.active(), { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
    provider.getLogger('resolvers/timesheet').emit({
      timestamp: at,
      severityNumber: SeverityNumber.ERROR,
      body: 'otlp-proto worklog save failed',
      attributes: { 'code.function.name': 'resolvers/timesheet.saveWorklog', 'faas.invocation.id': 'inv-proto-1', attempt: 3, tags: ['a', 'b'] },
      context: withSpan,
    });
    await provider.forceFlush();
    await provider.shutdown();

    const { rows } = await pgPool().query<{ ts: Date; level: string; message: string; module: string; function: string; invocation_id: string; trace_id: string; app_version: string; attributes: Record<string, unknown> }>(
      `SELECT ts, level, message, module, "function", invocation_id, trace_id, app_version, attributes FROM log_lines WHERE installation_id = $1 AND message LIKE 'otlp-proto%'`,
      [acme],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ level: 'ERROR', message: 'otlp-proto worklog save failed', module: 'resolvers/timesheet', function: 'saveWorklog', invocation_id: 'inv-proto-1', trace_id: TRACE_ID, app_version: '3.5.0' });
    expect(rows[0]!.ts.toISOString()).toBe(at.toISOString());
    expect(rows[0]!.attributes).toEqual({ attempt: 3, tags: ['a', 'b'], spanId: SPAN_ID });
  });

  const nanos = (date: Date) => (BigInt(date.getTime()) * 1_000_000n).toString();
  const record = (body: string, installation: string) => ({
    timeUnixNano: nanos(new Date()),
    severityText: 'info',
    body: { stringValue: body },
    attributes: [{ key: 'logshare.installation.id', value: { stringValue: installation } }],
  });
  const exportRequest = (records: unknown[]) => ({
    resourceLogs: [{ resource: { attributes: [{ key: 'service.version', value: { stringValue: '3.4.1' } }] }, scopeLogs: [{ scope: { name: 'x' }, logRecords: records }] }],
  });
  const post = (body: BodyInit, headers: Record<string, string>) =>
    fetch(`${server.url}/api/otlp/v1/logs`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, ...headers }, body });
  const protobuf = (payload: unknown) => Buffer.from(otlpMessages.exportRequest.encode(otlpMessages.exportRequest.fromObject(payload as Record<string, unknown>)).finish());
  const decodeStatus = async (response: Response) => otlpMessages.status.toObject(otlpMessages.status.decode(Buffer.from(await response.arrayBuffer()))) as { code: number; message: string };

  it('answers partial success with the rejected count, in JSON for JSON and in protobuf for protobuf', async () => {
    const payload = exportRequest([record('otlp-partial ok', acme), record('otlp-partial other', 'no-such-installation'), { body: { stringValue: 'otlp-partial no time' } }]);
    const response = await post(JSON.stringify(payload), { 'content-type': 'application/json' });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { partialSuccess: { rejectedLogRecords: number; errorMessage: string } };
    expect(answer.partialSuccess.rejectedLogRecords).toBe(2);
    expect(answer.partialSuccess.errorMessage).toMatch(/record 2: .*not an installation of this app; record 3: timeUnixNano or observedTimeUnixNano is required/);
    const { rows } = await pgPool().query<{ n: string }>(`SELECT count(*) AS n FROM log_lines WHERE message LIKE 'otlp-partial%'`);
    expect(rows[0]!.n).toBe('1');

    const proto = await post(protobuf(exportRequest([record('otlp-pb-partial ok', acme), record('otlp-pb-partial other', 'no-such-installation')])), { 'content-type': 'application/x-protobuf' });
    expect(proto.status).toBe(200);
    expect(proto.headers.get('content-type')).toBe('application/x-protobuf');
    const decoded = otlpMessages.exportResponse.toObject(otlpMessages.exportResponse.decode(Buffer.from(await proto.arrayBuffer())), { longs: Number });
    expect(decoded).toEqual({ partialSuccess: { rejectedLogRecords: 1, errorMessage: expect.stringMatching(/^record 2: .*not an installation of this app$/) as unknown } });

    const full = await post(protobuf(exportRequest([record('otlp-pb-full ok', acme)])), { 'content-type': 'application/x-protobuf' });
    expect(full.status).toBe(200);
    // An ExportLogsServiceResponse without partial_success: zero bytes.
    expect((await full.arrayBuffer()).byteLength).toBe(0);
    const stored = await pgPool().query<{ n: string }>(`SELECT count(*) AS n FROM log_lines WHERE message IN ('otlp-pb-partial ok', 'otlp-pb-full ok')`);
    expect(stored.rows[0]!.n).toBe('2');
  });

  it('takes the installation once per request from the Logshare-Installation header; a record naming its own wins', async () => {
    const eu = await installationId('Timesheet Pro', 'acme-eu.atlassian.net');
    const unnamed = { timeUnixNano: nanos(new Date()), severityText: 'info', body: { stringValue: 'otlp-header unnamed' } };
    const payload = exportRequest([unnamed, record('otlp-header named', acme)]);
    const response = await post(protobuf(payload), { 'content-type': 'application/x-protobuf', 'logshare-installation': eu });
    expect(response.status).toBe(200);
    const { rows } = await pgPool().query<{ message: string; installation_id: string }>(`SELECT message, installation_id FROM log_lines WHERE message LIKE 'otlp-header%' ORDER BY message`);
    expect(rows).toEqual([
      { message: 'otlp-header named', installation_id: acme },
      { message: 'otlp-header unnamed', installation_id: eu },
    ]);
    // Without the header the unnamed record has no installation: nothing stored, a 400.
    const without = await post(JSON.stringify(exportRequest([unnamed])), { 'content-type': 'application/json' });
    expect(without.status).toBe(400);
    const malformed = await post(JSON.stringify(payload), { 'content-type': 'application/json', 'logshare-installation': 'not an id!' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { message: string }).message).toMatch(/Logshare-Installation/);
  });

  it('answers 400 with a google.rpc.Status when no record could be stored, gzipped protobuf too', async () => {
    const none = exportRequest([record('otlp-none a', 'no-such-installation'), { body: { stringValue: 'otlp-none b' } }]);
    const json = await post(JSON.stringify(none), { 'content-type': 'application/json' });
    expect(json.status).toBe(400);
    const status = (await json.json()) as { code: number; message: string; error: { code: string } };
    expect(status).toMatchObject({ code: 3, message: expect.stringMatching(/^No record could be stored: record 1: .*; record 2: timeUnixNano/) as unknown, error: { code: 'bad_request' } });

    const proto = await post(gzipSync(protobuf(none)), { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
    expect(proto.status).toBe(400);
    expect(proto.headers.get('content-type')).toBe('application/x-protobuf');
    expect(await decodeStatus(proto)).toEqual({ code: 3, message: expect.stringMatching(/^No record could be stored: record 1: .*not an installation of this app; record 2: timeUnixNano/) as unknown });
    const { rows } = await pgPool().query<{ n: string }>(`SELECT count(*) AS n FROM log_lines WHERE message LIKE 'otlp-none%'`);
    expect(rows[0]!.n).toBe('0');
  });

  it('answers failures with a google.rpc.Status in the request’s encoding', async () => {
    const garbage = await post(Buffer.from([0x0a, 0x05, 0x01]), { 'content-type': 'application/x-protobuf' });
    expect(garbage.status).toBe(400);
    expect(await decodeStatus(garbage)).toEqual({ code: 3, message: expect.stringMatching(/not a valid OTLP\/HTTP protobuf/) as unknown });

    const unauthenticated = await fetch(`${server.url}/api/otlp/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: protobuf(exportRequest([])) });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('www-authenticate')).toContain('Bearer');
    expect(await decodeStatus(unauthenticated)).toMatchObject({ code: 16 });

    const notOtlp = await post('{"resourceLogs": 3}', { 'content-type': 'application/json' });
    expect(notOtlp.status).toBe(400);
    expect(await notOtlp.json()).toMatchObject({ code: 3, message: expect.stringContaining('Not an OTLP ExportLogsServiceRequest') as unknown, error: { code: 'bad_request' } });

    const xml = await post('<logs/>', { 'content-type': 'application/xml' });
    expect(xml.status).toBe(415);
    expect(await xml.json()).toMatchObject({ code: 3, error: { code: 'unsupported_media_type' } });
  });
});
