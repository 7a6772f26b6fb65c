import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { context, SeverityNumber, trace, TraceFlags, type SpanContext } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPLogExporter as JsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { OpenTelemetryTransportV3 } from '@opentelemetry/winston-transport';
import pino from 'pino';
import winston from 'winston';
import { clientsWorldTokens, createClientsWorld, type ClientsWorld } from './clients/clients-world';
import { expectLinesRead, sampleLines, type ReadLine, type SentLine, type When } from './clients/sent-lines';
import { startSyslogNg } from './clients/syslog-ng';

// Real clients, each configured as README "Send logs from…" shows (their
// defaults plus the endpoint, the ingest token and the installation), send
// real lines; the vendor then reads every line back through the logs API with
// an API token. Each client writes into an installation of its own.

const CLIENTS = ['otel-proto', 'otel-json', 'otel-env', 'pino', 'winston-http', 'winston-batch', 'winston-otel', 'curl', 'syslog-ng'] as const;
type Client = (typeof CLIENTS)[number];

let world: ClientsWorld;
let reader: APIRequestContext;
let ingestToken: string;
let portal: string;
const startedAt = Date.now();

test.beforeAll(async ({ baseURL }) => {
  portal = baseURL!;
  world = await createClientsWorld(CLIENTS);
  ({ ingestToken, reader } = await clientsWorldTokens(portal, world, 'clients'));
});

test.afterAll(async () => {
  await reader?.dispose();
});

const installationOf = (client: Client) => world.installations[client]!.installationId;

/** The lines the vendor reads for one client's site, as the developer console's API serves them. */
async function readLines(client: Client): Promise<ReadLine[]> {
  const query = new URLSearchParams({
    from: new Date(startedAt - 3_600_000).toISOString(),
    to: new Date(Date.now() + 60_000).toISOString(),
    site: world.installations[client]!.siteUrl,
    limit: '100',
  });
  const response = await reader.get(`/api/v1/apps/${world.appId}/logs?${query}`);
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { lines: ReadLine[] }).lines;
}

const spanOf = (line: SentLine): SpanContext | undefined =>
  line.traceId ? { traceId: line.traceId, spanId: line.spanId!, traceFlags: TraceFlags.SAMPLED, isRemote: true } : undefined;

/** Emits each line through an OpenTelemetry logger at an exact instant a minute ago, the error inside its span; flushes. */
async function emitThroughSdk(provider: LoggerProvider, lines: SentLine[]): Promise<{ line: SentLine; when: When }[]> {
  const logger = provider.getLogger('timesheet-pro');
  const severity = { error: SeverityNumber.ERROR, warn: SeverityNumber.WARN, info: SeverityNumber.INFO };
  const sent = lines.map((line, i) => {
    const at = Date.now() - 60_000 + i * 1_001;
    const span = spanOf(line);
    logger.emit({
      timestamp: new Date(at),
      severityNumber: severity[line.level],
      severityText: line.level.toUpperCase(),
      body: line.message,
      attributes: line.attributes,
      context: span ? trace.setSpanContext(context.active(), span) : undefined,
    });
    return { line, when: { at } };
  });
  await provider.shutdown();
  return sent;
}

/** Runs `body` with OTEL_* variables set as the README's env-var form shows, then puts the environment back. */
async function withOtlpEnv<T>(client: Client, body: () => Promise<T>): Promise<T> {
  // Set and deleted one by one: a worker thread (pino's transport) sees the real environment, never a replaced process.env object.
  const variables = {
    OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${portal}/api/otlp/v1/logs`,
    OTEL_EXPORTER_OTLP_LOGS_HEADERS: `Authorization=Bearer%20${ingestToken},Logshare-Installation=${installationOf(client)}`,
  };
  Object.assign(process.env, variables);
  try {
    return await body();
  } finally {
    for (const name of Object.keys(variables)) delete process.env[name];
  }
}

test('OpenTelemetry SDK, OTLP/HTTP protobuf (the default protocol)', async () => {
  const lines = sampleLines('otel-proto');
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'timesheet-pro' }),
    processors: [
      new BatchLogRecordProcessor({
        exporter: new OTLPLogExporter({
          url: `${portal}/api/otlp/v1/logs`,
          headers: { Authorization: `Bearer ${ingestToken}`, 'Logshare-Installation': installationOf('otel-proto') },
        }),
      }),
    ],
  });
  const sent = await emitThroughSdk(provider, lines);
  expectLinesRead(await readLines('otel-proto'), sent);
});

test('OpenTelemetry SDK, OTLP/HTTP JSON', async () => {
  const lines = sampleLines('otel-json');
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'timesheet-pro' }),
    processors: [
      new BatchLogRecordProcessor({
        exporter: new JsonExporter({
          url: `${portal}/api/otlp/v1/logs`,
          headers: { Authorization: `Bearer ${ingestToken}`, 'Logshare-Installation': installationOf('otel-json') },
        }),
      }),
    ],
  });
  const sent = await emitThroughSdk(provider, lines);
  expectLinesRead(await readLines('otel-json'), sent);
});

test('OpenTelemetry SDK configured by OTEL_EXPORTER_OTLP_LOGS_ENDPOINT and _HEADERS alone', async () => {
  const lines = sampleLines('otel-env');
  const sent = await withOtlpEnv('otel-env', () =>
    emitThroughSdk(new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter() })] }), lines),
  );
  expectLinesRead(await readLines('otel-env'), sent);
});

test('pino with pino-opentelemetry-transport (OTLP/HTTP protobuf, configured by the OTEL_* variables)', async () => {
  const lines = sampleLines('pino');
  const from = Date.now();
  await withOtlpEnv('pino', async () => {
    const transport = pino.transport({ target: 'pino-opentelemetry-transport' });
    const logger = pino(transport);
    for (const line of lines) {
      // trace_id, span_id and trace_flags are what @opentelemetry/instrumentation-pino adds inside a span.
      const span = line.traceId ? { trace_id: line.traceId, span_id: line.spanId, trace_flags: '01' } : {};
      logger[line.level]({ ...line.attributes, ...span }, line.message);
    }
    await new Promise((resolve) => {
      transport.once('close', resolve);
      transport.end();
    });
  });
  const to = Date.now();
  expectLinesRead(await readLines('pino'), lines.map((line) => ({ line, when: { from, to } })));
});

/** Resolves once the transport has had `count` answers of 200; a failed request rejects. */
function answered(transport: winston.transport, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    transport.on('logged', () => ++seen === count && resolve());
    transport.on('warn', reject);
  });
}

/** Logs each line through winston, the error with the trace fields OpenTelemetry's winston instrumentation adds. */
function logThroughWinston(logger: winston.Logger, lines: SentLine[]) {
  for (const line of lines) logger.log(line.level, line.message, { ...line.attributes, ...(line.traceId ? { trace_id: line.traceId, span_id: line.spanId } : {}) });
}

for (const batch of [false, true]) {
  const client: Client = batch ? 'winston-batch' : 'winston-http';
  test(`winston's Http transport${batch ? ' with batch: true (a JSON array per request)' : ''}`, async () => {
    const lines = sampleLines(client);
    const { hostname, port } = new URL(portal);
    const http = new winston.transports.Http({
      host: hostname,
      port: Number(port),
      path: `/api/v1/ingest?installationId=${installationOf(client)}`,
      auth: { bearer: ingestToken },
      batch,
    });
    const logger = winston.createLogger({ format: winston.format.combine(winston.format.timestamp(), winston.format.json()), transports: [http] });
    // Without batch each line is a request; with it the first answer stands for the whole batch (sent after batchInterval, 5 s).
    const delivered = answered(http, batch ? 1 : lines.length);
    const from = Date.now();
    logThroughWinston(logger, lines);
    await delivered;
    const to = Date.now();
    logger.close();
    expectLinesRead(await readLines(client), lines.map((line) => ({ line, when: { from, to } })));
  });
}

test('@opentelemetry/winston-transport through an OpenTelemetry LoggerProvider', async () => {
  const lines = sampleLines('winston-otel');
  // An app traced with OpenTelemetry has a context manager: a line logged inside a span gets its trace ID.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'timesheet-pro', 'logshare.installation.id': installationOf('winston-otel') }),
    processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${portal}/api/otlp/v1/logs`, headers: { Authorization: `Bearer ${ingestToken}` } }) })],
  });
  logs.setGlobalLoggerProvider(provider);
  try {
    const otel = new OpenTelemetryTransportV3();
    const logger = winston.createLogger({ transports: [otel] });
    const logged = answered(otel, lines.length);
    const from = Date.now();
    for (const line of lines) {
      const span = spanOf(line);
      const log = () => logger.log(line.level, line.message, line.attributes);
      if (span) context.with(trace.setSpanContext(context.active(), span), log);
      else log();
    }
    await logged;
    await provider.shutdown();
    const to = Date.now();
    expectLinesRead(await readLines('winston-otel'), lines.map((line) => ({ line, when: { from, to } })));
  } finally {
    logs.disable();
    context.disable();
  }
});

const run = promisify(execFile);

test('curl: a gzipped NDJSON file with an Idempotency-Key, sent twice, is stored once', async () => {
  const lines = sampleLines('curl');
  const dir = mkdtempSync(path.join(tmpdir(), 'logshare-curl-'));
  try {
    // Times with an offset, as a server in Berlin writes them; they are read back in UTC.
    const base = Date.now() - 120_000;
    const sent = lines.map((line, i) => ({ line, when: { at: base + i * 1_001 } }));
    const ndjson = sent.map(({ line, when }) => {
      const local = new Date(when.at + 3_600_000).toISOString().replace('Z', '+01:00');
      return JSON.stringify({ timestamp: local, level: line.level, message: line.message, traceId: line.traceId, ...line.attributes });
    });
    writeFileSync(path.join(dir, 'app.ndjson'), `${ndjson.join('\n')}\n`);
    // README "Send logs from…", curl: word for word but for the portal, token and installation.
    const script = `gzip -k app.ndjson
curl -sS --fail-with-body '${portal}/api/v1/ingest?installationId=${installationOf('curl')}' \\
  -H 'Authorization: Bearer ${ingestToken}' \\
  -H 'Content-Encoding: gzip' \\
  -H "Idempotency-Key: $(sha256sum app.ndjson.gz | cut -d' ' -f1)" \\
  --data-binary @app.ndjson.gz`;
    const firstAnswer = (await run('bash', ['-c', script], { cwd: dir })).stdout;
    expect(JSON.parse(firstAnswer)).toEqual({ accepted: 3, rejected: [] });
    rmSync(path.join(dir, 'app.ndjson.gz'));
    const replay = (await run('bash', ['-c', script.replace('-sS ', '-sS -D headers.txt ')], { cwd: dir })).stdout;
    expect(replay).toBe(firstAnswer);
    expect((await run('cat', ['headers.txt'], { cwd: dir })).stdout).toMatch(/^idempotent-replayed: true\r?$/im);
    expectLinesRead(await readLines('curl'), sent);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('syslog-ng: its http() destination ships an app’s JSON log file (and a plain-text line) as NDJSON', async () => {
  const lines = sampleLines('syslog-ng');
  const dir = mkdtempSync(path.join(tmpdir(), 'logshare-syslog-ng-'));
  const logFile = path.join(dir, 'app.log');
  // README "Send logs from…", syslog-ng: the same config but for the file, portal, token and installation.
  const syslogNg = startSyslogNg(
    dir,
    `@version: 3.38
source s_app { file("${logFile}" flags(no-parse)); };
destination d_logshare {
  http(
    url("${portal}/api/v1/ingest?installationId=${installationOf('syslog-ng')}")
    headers("Authorization: Bearer ${ingestToken}")
    body("\${MESSAGE}")
    batch-lines(100)
    batch-timeout(1000)
  );
};
log { source(s_app); destination(d_logshare); };
`,
  );
  try {
    const from = Date.now();
    // The app logs with pino into its file; another program writes a plain-text line there.
    const logger = pino(pino.destination({ dest: logFile, sync: true }));
    for (const line of lines) logger[line.level]({ ...line.attributes, ...(line.traceId ? { trace_id: line.traceId, span_id: line.spanId } : {}) }, line.message);
    const plain: SentLine = { level: 'info', message: 'Accepted password for fztu from 119.137.62.142 port 49116 ssh2', attributes: {} };
    writeFileSync(logFile, `${plain.message}\n`, { flag: 'a' });
    await expect.poll(async () => (await readLines('syslog-ng')).length, { timeout: 30_000 }).toBe(lines.length + 1);
    const to = Date.now();
    const read = await readLines('syslog-ng');
    expectLinesRead(read, [...lines, plain].map((line) => ({ line, when: { from, to } })));
    // pino's own fields are kept too.
    expect(read.find((l) => l.message === lines[0]!.message)!.attributes).toMatchObject({ pid: process.pid });
  } finally {
    await syslogNg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
