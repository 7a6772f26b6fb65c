import { context, SeverityNumber, trace, TraceFlags } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/otlp/v1/logs/route';
import { pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { installationId } from '@/lib/test-support/demo-lookups';
import { newIngestToken } from '@/lib/test-support/ingest';
import { serveRoute } from '@/lib/test-support/serve-route';

// POST /api/otlp/v1/logs fed by the official OpenTelemetry JS SDK and its
// OTLP/HTTP exporter over a real HTTP connection.

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

  it('answers partial success with the rejected count, and 415 for protobuf', async () => {
    const nanos = (date: Date) => (BigInt(date.getTime()) * 1_000_000n).toString();
    const record = (body: string, installation: string) => ({
      timeUnixNano: nanos(new Date()),
      severityText: 'info',
      body: { stringValue: body },
      attributes: [{ key: 'logshare.installation.id', value: { stringValue: installation } }],
    });
    const payload = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.version', value: { stringValue: '3.4.1' } }] },
          scopeLogs: [{ scope: { name: 'x' }, logRecords: [record('otlp-partial ok', acme), record('otlp-partial other', 'no-such-installation'), { body: { stringValue: 'otlp-partial no time' } }] }],
        },
      ],
    };
    const response = await fetch(`${server.url}/api/otlp/v1/logs`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { partialSuccess: { rejectedLogRecords: number; errorMessage: string } };
    expect(answer.partialSuccess.rejectedLogRecords).toBe(2);
    expect(answer.partialSuccess.errorMessage).toMatch(/record 2: .*not an installation of this app; record 3: timeUnixNano or observedTimeUnixNano is required/);
    const { rows } = await pgPool().query<{ n: string }>(`SELECT count(*) AS n FROM log_lines WHERE message LIKE 'otlp-partial%'`);
    expect(rows[0]!.n).toBe('1');

    const proto = await fetch(`${server.url}/api/otlp/v1/logs`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/x-protobuf' }, body: Buffer.from([0x0a, 0x00]) });
    expect(proto.status).toBe(415);
    expect(await proto.text()).toContain('http/json');
    const notOtlp = await fetch(`${server.url}/api/otlp/v1/logs`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: '{"resourceLogs": 3}' });
    expect(notOtlp.status).toBe(400);
  });
});
