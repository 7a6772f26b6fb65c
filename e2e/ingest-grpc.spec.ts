import { randomBytes } from 'node:crypto';
import { Metadata } from '@grpc/grpc-js';
import { context, SeverityNumber, trace, TraceFlags } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { signInThroughApi } from './helpers';

// The portal's OTLP/gRPC listener (npm test starts it on E2E_OTLP_GRPC_PORT)
// fed by the OpenTelemetry gRPC exporter with its defaults, the endpoint and
// the token; the site's admin then reads the lines through the HTTP API.

type Installation = { id: string; app: { id: string; name: string }; site: { url: string }; environment: string };
type Line = { timestamp: string; level: string; message: string; traceId: string | null; invocationId: string | null; module: string | null; function: string | null; appVersion: string | null; attributes: Record<string, unknown> | null };

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';

test('the OpenTelemetry gRPC exporter delivers to the portal on its OTLP/gRPC port, and the lines read back in UTC', async ({ page, baseURL }) => {
  const grpcPort = Number(process.env.E2E_OTLP_GRPC_PORT);
  expect(grpcPort, 'E2E_OTLP_GRPC_PORT names the portal’s OTLP/gRPC port').toBeGreaterThan(0);

  await signInThroughApi(page.request, 'dev@lumen.example');
  const { installations } = (await (await page.request.get('/api/v1/installations')).json()) as { installations: Installation[] };
  const acme = installations.find((i) => i.app.name === 'Timesheet Pro' && i.site.url === 'acme.atlassian.net' && i.environment === 'PRODUCTION')!;
  const created = await page.request.post(`/api/v1/apps/${acme.app.id}/ingest-tokens`, { data: { name: `e2e grpc ${Date.now()}`, environment: 'production' } });
  expect(created.status()).toBe(201);
  const { secret } = (await created.json()) as { secret: string };

  const marker = `e2e-grpc-${randomBytes(4).toString('hex')}`;
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${secret}`);
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'timesheet-pro', 'service.version': '3.7.0', 'logshare.installation.id': acme.id }),
    processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `http://127.0.0.1:${grpcPort}`, metadata }) })],
  });
  // A time with an offset-free instant a minute ago, to the millisecond.
  const at = new Date(Date.now() - 60_000);
  const withSpan = trace.setSpanContext(context.active(), { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
  provider.getLogger('resolvers/timesheet').emit({
    timestamp: at,
    severityNumber: SeverityNumber.ERROR,
    body: `${marker} worklog save failed`,
    attributes: { 'code.function.name': 'resolvers/timesheet.saveWorklog', 'faas.invocation.id': `${marker}-inv`, attempt: 3 },
    context: withSpan,
  });
  await provider.forceFlush();
  await provider.shutdown();

  const admin = await playwrightRequest.newContext({ baseURL });
  try {
    await signInThroughApi(admin, 'admin@acme.example');
    const range = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
    const read = await admin.get(`/api/v1/installations/${acme.id}/logs?${range}&q=${marker}`);
    expect(read.status()).toBe(200);
    const { lines } = (await read.json()) as { lines: Line[] };
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      timestamp: at.toISOString(),
      level: 'error',
      message: `${marker} worklog save failed`,
      traceId: TRACE_ID,
      invocationId: `${marker}-inv`,
      module: 'resolvers/timesheet',
      function: 'saveWorklog',
      appVersion: '3.7.0',
      attributes: { attempt: 3, spanId: SPAN_ID },
    });
    expect(lines[0]!.timestamp).toMatch(/Z$/);
  } finally {
    await admin.dispose();
  }
});
