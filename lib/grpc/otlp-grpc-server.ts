import 'server-only';
import type http2 from 'node:http2';
import { Metadata, Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall, type ServiceDefinition } from '@grpc/grpc-js';
import { serverEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { grpcErrorOf } from '@/lib/grpc/grpc-errors';
import { OTLP_LOGS_EXPORT_PATH, type OtlpGrpcListener } from '@/lib/grpc/otlp-grpc-bridge';
import { ingest } from '@/lib/ingest/handle-ingest';
import { parseOtlpOffThread } from '@/lib/ingest/ingest-thread';
import { otlpAnswer, type OtlpAnswerBody } from '@/lib/ingest/otlp-answer';
import { otlpMessages } from '@/lib/ingest/otlp-proto-schema';
import { INSTALLATION_HEADER, installationOfMetadata } from '@/lib/ingest/request-installation';
import { log } from '@/lib/log';

// OTLP/gRPC logs: opentelemetry.proto.collector.logs.v1.LogsService/Export,
// what the Collector's `otlp` exporter and the SDKs' gRPC exporters send
// (default port 4317). The same ingest core as the HTTP endpoints: the ingest
// token in the `authorization` metadata (`Bearer <token>`, as an exporter's
// headers become metadata), the installation in `logshare-installation`
// metadata or resource attributes, an `idempotency-key`, the same limits
// (gRPC refuses a message, compressed or not, over INGEST_MAX_BODY_BYTES
// with RESOURCE_EXHAUSTED itself) and the same checks. The request stays
// bytes on this thread: the ingest worker decodes it, as it parses every
// format. Failures map to gRPC statuses in lib/grpc/grpc-errors.ts.

type ExportResponse = Pick<OtlpAnswerBody, 'partialSuccess'>;

const asBytes = (bytes: Buffer) => bytes;

const logsService: ServiceDefinition = {
  Export: {
    path: OTLP_LOGS_EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: asBytes,
    requestDeserialize: asBytes,
    responseSerialize: (answer: ExportResponse) => Buffer.from(otlpMessages.exportResponse.encode(otlpMessages.exportResponse.fromObject(answer)).finish()),
    responseDeserialize: (bytes: Buffer) => otlpMessages.exportResponse.toObject(otlpMessages.exportResponse.decode(bytes)),
  },
};

function metadataValues(metadata: Metadata, key: string): string[] {
  return metadata.get(key).map((value) => (typeof value === 'string' ? value : value.toString('utf8')));
}

function oneValue(metadata: Metadata, key: string): string | null {
  const values = metadataValues(metadata, key);
  if (values.length > 1) throw new AppError('bad_request', `The ${key} metadata was given ${values.length} times; give it once.`);
  return values[0] ?? null;
}

async function exportLogs(call: ServerUnaryCall<Buffer, ExportResponse>): Promise<{ answer: ExportResponse; replayed: boolean }> {
  const installation = installationOfMetadata(metadataValues(call.metadata, INSTALLATION_HEADER));
  const stored = await ingest(
    {
      authorization: oneValue(call.metadata, 'authorization'),
      idempotencyKey: oneValue(call.metadata, 'idempotency-key'),
      readBody: async (maxBytes) => {
        // gRPC held the message to the limit it was started with; this keeps the bound should the setting differ.
        if (call.request.length > maxBytes) throw new AppError('payload_too_large', `The message is larger than ${maxBytes} bytes; send smaller batches.`);
        return call.request;
      },
    },
    {
      // The request's installation is part of what an idempotency key stands for.
      name: installation ? `otlp-grpc ${JSON.stringify(installation)}` : 'otlp-grpc',
      parse: (body, options) => parseOtlpOffThread(body, { ...options, installation, encoding: 'protobuf' }),
      answer: otlpAnswer,
    },
  );
  const body = stored.body as OtlpAnswerBody;
  // No record stored (a first answer or its replay): INVALID_ARGUMENT, since an exporter counts any OK as delivered.
  if (stored.status >= 400) throw new AppError('bad_request', body.error?.message ?? 'No record could be stored.');
  return { answer: body.partialSuccess ? { partialSuccess: body.partialSuccess } : {}, replayed: stored.replayed };
}

function handleExport(call: ServerUnaryCall<Buffer, ExportResponse>, callback: sendUnaryData<ExportResponse>): void {
  exportLogs(call)
    .then(
      ({ answer, replayed }) => {
        if (replayed && !call.cancelled) {
          const headers = new Metadata();
          headers.set('idempotent-replayed', 'true');
          call.sendMetadata(headers);
        }
        callback(null, answer);
      },
      (error: unknown) => callback(grpcErrorOf(error)),
    )
    // Answering a call the client already hung up on must never become an unhandled rejection, which would stop the portal.
    .catch((error: unknown) => log.warn('could not answer an OTLP/gRPC call', { error: error instanceof Error ? error.message : String(error) }));
}

/**
 * The HTTP/2 receive window the listener offers, per stream and per
 * connection. HTTP/2's default of 64 KiB makes a 250 KB batch wait for three
 * WINDOW_UPDATEs from this busy event loop before its last byte may be sent;
 * gRPC's other servers offer 1 MiB or more (grpc-java 1 MiB, grpc-go grows to
 * 16 MiB). A batch of a few megabytes then arrives in one go. It bounds no
 * memory here: grpc-js reads each stream as it comes, up to the message limit.
 */
export const FLOW_CONTROL_WINDOW_BYTES = 4 * 1024 * 1024;

type ServerInternals = { commonServerOptions?: http2.ServerOptions; http2Servers?: Map<http2.Http2Server, unknown> };

/**
 * `@grpc/grpc-js` 1.14 has no server option for the window (its
 * `grpc-node.flow_control_window` is read by clients only; grpc/grpc-node#3058
 * adds it to servers). Until then this sets what that change sets, on the
 * server's own HTTP/2 options and sessions. otlp-grpc-server.int.test.ts reads
 * the window a client is offered, so an upgrade that moves these fields fails
 * a test instead of silently slowing ingest.
 */
function offerFlowControlWindow(server: Server, bytes: number): void {
  const internals = server as unknown as ServerInternals;
  if (!internals.commonServerOptions) return;
  internals.commonServerOptions.settings = { ...internals.commonServerOptions.settings, initialWindowSize: bytes };
}

function widenConnectionWindows(server: Server, bytes: number): void {
  for (const http2Server of (server as unknown as ServerInternals).http2Servers?.keys() ?? []) {
    http2Server.on('session', (session: http2.ServerHttp2Session) => session.setLocalWindowSize(bytes));
  }
}

/** Serves LogsService/Export on host:port (0: a port the system picks) until stopped. */
export async function startOtlpGrpcServer(options: { host: string; port: number }): Promise<OtlpGrpcListener> {
  const server = new Server({ 'grpc.max_receive_message_length': serverEnv().INGEST_MAX_BODY_BYTES });
  server.addService(logsService, { Export: handleExport });
  offerFlowControlWindow(server, FLOW_CONTROL_WINDOW_BYTES);
  const address = options.host.includes(':') ? `[${options.host}]:${options.port}` : `${options.host}:${options.port}`;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  widenConnectionWindows(server, FLOW_CONTROL_WINDOW_BYTES);
  return {
    port,
    async stop(graceMs) {
      const finished = new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      server.forceShutdown();
    },
  };
}
