import { connect as connectHttp2 } from 'node:http2';
import { connect as connectTcp } from 'node:net';
import { context, SeverityNumber, trace, TraceFlags } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { Client, credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, processDb } from '@/lib/db/client';
import { pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { OTLP_LOGS_EXPORT_PATH, type OtlpGrpcListener } from '@/lib/grpc/otlp-grpc-bridge';
import { FLOW_CONTROL_WINDOW_BYTES, startOtlpGrpcServer } from '@/lib/grpc/otlp-grpc-server';
import { otlpMessages, RETRY_INFO_TYPE_URL } from '@/lib/ingest/otlp-proto-schema';
import { appId, installationId } from '@/lib/test-support/demo-lookups';
import { newIngestToken, withSmallIngestLimits } from '@/lib/test-support/ingest';
import { hashToken, mintToken } from '@/lib/tokens/secret-tokens';

// The OTLP/gRPC listener on a loopback port against the test database: fed by
// the official OpenTelemetry gRPC exporter, and by a bare gRPC client for
// each status an exporter acts on, malformed input and hang-ups.

withSmallIngestLimits();

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

type ExportAnswer = { partialSuccess?: { rejectedLogRecords: number; errorMessage: string } };
type Outcome = { error: ServiceError | null; answer?: ExportAnswer; headers?: Metadata };

const nanos = (date: Date) => (BigInt(date.getTime()) * 1_000_000n).toString();
const record = (body: string, installation: string) => ({
  timeUnixNano: nanos(new Date(Date.now() - 30_000)),
  severityNumber: 9,
  body: { stringValue: body },
  attributes: [{ key: 'logshare.installation.id', value: { stringValue: installation } }],
});
const exportRequest = (records: unknown[]) =>
  Buffer.from(otlpMessages.exportRequest.encode(otlpMessages.exportRequest.fromObject({ resourceLogs: [{ scopeLogs: [{ logRecords: records }] }] })).finish());

/** The google.rpc.Status in `grpc-status-details-bin`, and its RetryInfo's seconds when it has one. */
function statusDetails(error: ServiceError): { code: number; message: string; retrySeconds: number | null } {
  const [bytes] = error.metadata.get('grpc-status-details-bin') as Buffer[];
  const decoded = otlpMessages.status.toObject(otlpMessages.status.decode(bytes!), { longs: Number }) as { code: number; message: string; details?: { typeUrl: string; value: Uint8Array }[] };
  const retry = decoded.details?.find((d) => d.typeUrl === RETRY_INFO_TYPE_URL);
  const info = retry && (otlpMessages.retryInfo.toObject(otlpMessages.retryInfo.decode(retry.value), { longs: Number }) as { retryDelay: { seconds: number } });
  return { code: decoded.code, message: decoded.message, retrySeconds: info ? info.retryDelay.seconds : null };
}

describe('the OTLP/gRPC listener', () => {
  let listener: OtlpGrpcListener;
  let client: Client;
  let acme: string;
  let secret: string;

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 100, reset: true });
    acme = await installationId('Timesheet Pro', 'acme.atlassian.net');
    secret = (await newIngestToken('Timesheet Pro')).secret;
    listener = await startOtlpGrpcServer({ host: '127.0.0.1', port: 0 });
    client = new Client(`127.0.0.1:${listener.port}`, credentials.createInsecure());
    // Started once, the ingest worker boots through tsx here (seconds on a loaded machine): before the exporter's 10 s timeout runs.
    expect((await send(exportRequest([]))).error).toBeNull();
  });
  afterAll(async () => {
    client?.close();
    await listener?.stop(100);
  });

  function send(bytes: Buffer, metadata: Record<string, string> = { authorization: `Bearer ${secret}` }): Promise<Outcome> {
    const md = new Metadata();
    for (const [key, value] of Object.entries(metadata)) md.set(key, value);
    return new Promise((resolve) => {
      let headers: Metadata | undefined;
      const call = client.makeUnaryRequest(
        OTLP_LOGS_EXPORT_PATH,
        (b: Buffer) => b,
        (b: Buffer) => otlpMessages.exportResponse.toObject(otlpMessages.exportResponse.decode(b), { longs: Number }) as ExportAnswer,
        bytes,
        md,
        (error, answer) => resolve({ error, answer, headers }),
      );
      call.on('metadata', (m: Metadata) => (headers = m));
    });
  }

  const countLike = async (pattern: string) => Number((await pgPool().query<{ n: string }>('SELECT count(*) AS n FROM log_lines WHERE message LIKE $1', [pattern])).rows[0]!.n);

  it('stores what the OpenTelemetry gRPC exporter sends with its defaults, the URL and the token, gzipped too', async () => {
    for (const compression of [undefined, 'gzip'] as const) {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${secret}`);
      const exporter = new OTLPLogExporter({ url: `http://127.0.0.1:${listener.port}`, metadata, ...(compression && { compression: compression as never }) });
      const provider = new LoggerProvider({
        resource: resourceFromAttributes({ 'service.name': 'timesheet-pro', 'service.version': '3.6.0', 'logshare.installation.id': acme }),
        processors: [new SimpleLogRecordProcessor({ exporter })],
      });
      const at = new Date(Date.now() - 45_000);
      const withSpan = trace.setSpanContext(context.active(), { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
      provider.getLogger('resolvers/timesheet').emit({
        timestamp: at,
        severityNumber: SeverityNumber.WARN,
        body: `grpc-sdk ${compression ?? 'plain'} worklog save was slow`,
        attributes: { 'code.function.name': 'resolvers/timesheet.saveWorklog', 'faas.invocation.id': 'inv-grpc-1', durationMs: 2400, tags: ['a', 'b'] },
        context: withSpan,
      });
      await provider.forceFlush();
      await provider.shutdown();

      const { rows } = await pgPool().query<{ ts: Date; level: string; message: string; module: string; function: string; invocation_id: string; trace_id: string; app_version: string; attributes: Record<string, unknown> }>(
        `SELECT ts, level, message, module, "function", invocation_id, trace_id, app_version, attributes FROM log_lines WHERE installation_id = $1 AND message = $2`,
        [acme, `grpc-sdk ${compression ?? 'plain'} worklog save was slow`],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ level: 'WARN', module: 'resolvers/timesheet', function: 'saveWorklog', invocation_id: 'inv-grpc-1', trace_id: TRACE_ID, app_version: '3.6.0' });
      expect(rows[0]!.ts.toISOString()).toBe(at.toISOString());
      expect(rows[0]!.attributes).toEqual({ durationMs: 2400, tags: ['a', 'b'], spanId: SPAN_ID });
    }
  });

  it('answers partial success with the rejected count, and INVALID_ARGUMENT when no record could be stored', async () => {
    const partial = await send(exportRequest([record('grpc-partial ok', acme), record('grpc-partial other', 'no-such-installation')]));
    expect(partial.error).toBeNull();
    expect(partial.answer).toEqual({ partialSuccess: { rejectedLogRecords: 1, errorMessage: expect.stringMatching(/^record 2: .*not an installation of this app$/) as unknown } });
    expect(await countLike('grpc-partial%')).toBe(1);

    const full = await send(exportRequest([record('grpc-full ok', acme)]));
    expect(full.error).toBeNull();
    expect(full.answer).toEqual({});

    const none = await send(exportRequest([record('grpc-none', 'no-such-installation')]));
    expect(none.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(none.error?.details).toMatch(/^No record could be stored: record 1: .*not an installation of this app/);
    expect(statusDetails(none.error!)).toMatchObject({ code: status.INVALID_ARGUMENT, retrySeconds: null });
    expect(await countLike('grpc-none')).toBe(0);
  });

  it('takes the installation from logshare-installation metadata; a record naming its own wins', async () => {
    const eu = await installationId('Timesheet Pro', 'acme-eu.atlassian.net');
    const unnamed = { timeUnixNano: nanos(new Date()), body: { stringValue: 'grpc-md unnamed' } };
    const answer = await send(exportRequest([unnamed, record('grpc-md named', acme)]), { authorization: `Bearer ${secret}`, 'logshare-installation': eu });
    expect(answer.error).toBeNull();
    const { rows } = await pgPool().query<{ message: string; installation_id: string }>(`SELECT message, installation_id FROM log_lines WHERE message LIKE 'grpc-md%' ORDER BY message`);
    expect(rows).toEqual([
      { message: 'grpc-md named', installation_id: acme },
      { message: 'grpc-md unnamed', installation_id: eu },
    ]);
    const malformed = await send(exportRequest([unnamed]), { authorization: `Bearer ${secret}`, 'logshare-installation': 'not an id!' });
    expect(malformed.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(malformed.error?.details).toMatch(/logshare-installation/);
  });

  it('replays the first answer for an idempotency key and stores once', async () => {
    const { secret: own } = await newIngestToken('Timesheet Pro');
    const metadata = { authorization: `Bearer ${own}`, 'idempotency-key': 'grpc-batch-1' };
    const body = exportRequest([record('grpc-idem ok', acme), record('grpc-idem other', 'nope')]);
    const first = await send(body, metadata);
    const again = await send(body, metadata);
    expect(again.answer).toEqual(first.answer);
    expect(again.answer?.partialSuccess?.rejectedLogRecords).toBe(1);
    expect(again.headers?.get('idempotent-replayed')).toEqual(['true']);
    expect(await countLike('grpc-idem ok')).toBe(1);
    const reused = await send(exportRequest([record('grpc-idem new', acme)]), metadata);
    expect(reused.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(reused.error?.details).toMatch(/Idempotency-Key/);
  });

  it('refuses a missing, malformed or unknown token with UNAUTHENTICATED and a free app with PERMISSION_DENIED, storing nothing', async () => {
    for (const metadata of [{}, { authorization: secret }, { authorization: 'Bearer lsi_unknownunknownunknownunknown' }] as Record<string, string>[]) {
      const refused = await send(exportRequest([record('grpc-refused', acme)]), metadata);
      expect(refused.error?.code).toBe(status.UNAUTHENTICATED);
    }
    const free = mintToken('lsi_');
    await pgPool().query(`INSERT INTO ingest_tokens (id, app_id, environment, name, token_hash, prefix) VALUES ('grpc_free_token', $1, 'PRODUCTION', 'free', $2, $3)`, [
      await appId('Quick Notes'),
      hashToken(free.secret),
      free.prefix,
    ]);
    const denied = await send(exportRequest([record('grpc-refused', acme)]), { authorization: `Bearer ${free.secret}` });
    expect(denied.error?.code).toBe(status.PERMISSION_DENIED);
    expect(denied.error?.details).toMatch(/paid apps only/);
    expect(await countLike('grpc-refused')).toBe(0);
  });

  it('refuses a token past its minute with RESOURCE_EXHAUSTED and a RetryInfo of the seconds to the next minute', async () => {
    const { secret: own, token } = await newIngestToken('Timesheet Pro');
    // The minute is filled up in the database, as a flood of requests would (any window the request may fall in).
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    for (const start of [minute, minute + 60_000]) {
      await pgPool().query('INSERT INTO ingest_rate_windows (token_id, window_start, requests) VALUES ($1, $2, 100000)', [token.id, new Date(start)]);
    }
    const limited = await send(exportRequest([record('grpc-limited', acme)]), { authorization: `Bearer ${own}` });
    expect(limited.error?.code).toBe(status.RESOURCE_EXHAUSTED);
    const details = statusDetails(limited.error!);
    expect(details).toMatchObject({ code: status.RESOURCE_EXHAUSTED, message: expect.stringMatching(/requests a minute/) as unknown });
    expect(details.retrySeconds).toBeGreaterThanOrEqual(1);
    expect(details.retrySeconds).toBeLessThanOrEqual(60);
    expect(await countLike('grpc-limited')).toBe(0);
  });

  it('answers UNAVAILABLE with a RetryInfo while the database cannot be reached', async () => {
    const kept = processDb.logsharePool;
    const unreachable = createPool('postgresql://postgres@127.0.0.1:1/nowhere');
    processDb.logsharePool = unreachable;
    try {
      const down = await send(exportRequest([record('grpc-down', acme)]));
      expect(down.error?.code).toBe(status.UNAVAILABLE);
      expect(statusDetails(down.error!)).toMatchObject({ code: status.UNAVAILABLE, retrySeconds: 2 });
    } finally {
      processDb.logsharePool = kept;
      await unreachable.end();
    }
    expect((await send(exportRequest([record('grpc-back', acme)]))).error).toBeNull();
  });

  it('refuses bytes that are not an ExportLogsServiceRequest, and messages over the size limit, and lives on', async () => {
    const garbage = await send(Buffer.from([0x0a, 0x05, 0x01]));
    expect(garbage.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(garbage.error?.details).toMatch(/not a valid OTLP\/HTTP protobuf/);

    // withSmallIngestLimits: 64 KiB.
    const huge = await send(exportRequest([record('x'.repeat(70_000), acme)]));
    expect(huge.error?.code).toBe(status.RESOURCE_EXHAUSTED);

    const tooMany = await send(exportRequest(Array.from({ length: 101 }, (_, i) => record(`grpc-many ${i}`, acme))));
    expect(tooMany.error?.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(tooMany.error?.details).toMatch(/at most 100 log records/);
    expect(statusDetails(tooMany.error!).retrySeconds).toBeNull();

    const empty = await send(Buffer.alloc(0));
    expect(empty.error).toBeNull();
  });

  it('answers any bytes OK or INVALID_ARGUMENT, never INTERNAL: random ones, and valid requests with bytes flipped', async () => {
    const valid = exportRequest([record('grpc-fuzz ok', acme), record('grpc-fuzz two', acme)]);
    const bodies = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }).map((flips) => {
        const copy = Buffer.from(valid);
        for (const [at, byte] of flips) copy[at] = byte;
        return copy;
      }),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const { error } = await send(body);
        expect([status.OK, status.INVALID_ARGUMENT]).toContain(error?.code ?? status.OK);
      }),
      { numRuns: 150, seed: Number(process.env.FUZZ_SEED ?? 20261202) },
    );
  });

  it('survives hang-ups mid-call, bytes that are not HTTP/2, and a truncated gRPC frame', async () => {
    for (let i = 0; i < 5; i++) {
      const md = new Metadata();
      md.set('authorization', `Bearer ${secret}`);
      const call = client.makeUnaryRequest(OTLP_LOGS_EXPORT_PATH, (b: Buffer) => b, (b: Buffer) => b, exportRequest([record(`grpc-hangup ${i}`, acme)]), md, () => undefined);
      setTimeout(() => call.cancel(), i * 5);
    }
    // HTTP/2's answer to a connection that does not start with its preface is a GOAWAY frame.
    await new Promise<void>((resolve) => {
      const socket = connectTcp(listener.port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\n\r\n\x00\xff\x13garbage'));
      const done = () => {
        socket.destroy();
        resolve();
      };
      for (const event of ['data', 'end', 'close', 'error']) socket.on(event, done);
    });
    await new Promise<void>((resolve) => {
      const session = connectHttp2(`http://127.0.0.1:${listener.port}`);
      session.on('error', () => resolve());
      const stream = session.request({ ':method': 'POST', ':path': OTLP_LOGS_EXPORT_PATH, 'content-type': 'application/grpc', te: 'trailers', authorization: `Bearer ${secret}` });
      // A frame that says 1,000 bytes follow, then three, then the end of the stream.
      stream.end(Buffer.from([0, 0, 0, 0x03, 0xe8, 1, 2, 3]));
      stream.on('error', () => undefined);
      stream.resume();
      stream.on('close', () => {
        session.close();
        resolve();
      });
    });
    const after = await send(exportRequest([record('grpc-after-hangups', acme)]));

    expect(after.error).toBeNull();
    expect(await countLike('grpc-after-hangups')).toBe(1);
  });

  it('offers a client a receive window of FLOW_CONTROL_WINDOW_BYTES per stream and per connection, not HTTP/2’s 64 KiB', async () => {
    const session = connectHttp2(`http://127.0.0.1:${listener.port}`);
    try {
      const settings = await new Promise<{ initialWindowSize?: number }>((resolve, reject) => {
        session.once('remoteSettings', resolve);
        session.once('error', reject);
      });
      // The server's WINDOW_UPDATE goes out with its SETTINGS, so it has arrived once a later PING is answered.
      await new Promise<void>((resolve, reject) => session.ping((error) => (error ? reject(error) : resolve())));
      expect(settings.initialWindowSize).toBe(FLOW_CONTROL_WINDOW_BYTES);
      expect(session.state.remoteWindowSize).toBe(FLOW_CONTROL_WINDOW_BYTES);
    } finally {
      session.close();
    }
  });

  it('stops: a call after stop() is refused, and stop() resolves with a call in flight', async () => {
    const own = await startOtlpGrpcServer({ host: '127.0.0.1', port: 0 });
    const ownClient = new Client(`127.0.0.1:${own.port}`, credentials.createInsecure());
    const md = new Metadata();
    md.set('authorization', `Bearer ${secret}`);
    const inFlight = new Promise<ServiceError | null>((resolve) =>
      ownClient.makeUnaryRequest(OTLP_LOGS_EXPORT_PATH, (b: Buffer) => b, (b: Buffer) => b, exportRequest([record('grpc-stop', acme)]), md, (error) => resolve(error)),
    );
    await new Promise((r) => setTimeout(r, 5));
    await own.stop(50);
    const settled = await inFlight;
    // Finished within the grace, or cancelled: either way it got an answer.
    expect(settled === null || settled.code === status.CANCELLED || settled.code === status.UNAVAILABLE).toBe(true);
    const late = await new Promise<ServiceError | null>((resolve) =>
      ownClient.makeUnaryRequest(OTLP_LOGS_EXPORT_PATH, (b: Buffer) => b, (b: Buffer) => b, exportRequest([]), md, { deadline: Date.now() + 2_000 }, (error) => resolve(error)),
    );
    expect(late?.code).toBe(status.UNAVAILABLE);
    ownClient.close();
  });
});
