// How the OTLP/gRPC listener, built inside the Next.js server bundle, is
// started and stopped by `npm start` (scripts/start.ts), which runs outside
// it. The listener needs the ingest core: 'server-only' modules, the pool,
// the validated environment and the ingest worker thread, which the bundle
// holds once for the HTTP routes. Loaded by start.ts from source instead,
// they would be a second copy (a second worker thread, a second pool of
// counters) and 'server-only' would refuse to load. So instrumentation.ts
// (run by Next.js in the bundle before app.prepare() resolves) leaves the
// starter here, on globalThis, and start.ts calls it with its HOST and
// OTLP_GRPC_PORT, reports a port in use as it does PORT's, and stops the
// listener with the HTTP server. No 'server-only' import: start.ts loads this.

/** The one method the listener serves: OTLP's LogsService/Export. */
export const OTLP_LOGS_EXPORT_PATH = '/opentelemetry.proto.collector.logs.v1.LogsService/Export';

export type OtlpGrpcListener = {
  /** The port bound (the one asked for, or the one the system chose for 0). */
  port: number;
  /** Lets calls in flight finish for up to `graceMs`, then cancels the rest. */
  stop: (graceMs: number) => Promise<void>;
};

export type StartOtlpGrpc = (options: { host: string; port: number }) => Promise<OtlpGrpcListener>;

export const processOtlpGrpc = globalThis as unknown as { logshareStartOtlpGrpc?: StartOtlpGrpc };
