// Next.js calls register() once when a server process starts.
export async function register() {
  // Not while `next build` collects pages: there is no database then.
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.NEXT_PHASE !== 'phase-production-build') {
    const { startMaintenance } = await import('@/lib/maintenance');
    startMaintenance();
    // The OTLP/gRPC listener is built here, in the bundle, and started by scripts/start.ts (why: lib/grpc/otlp-grpc-bridge.ts).
    const [{ processOtlpGrpc }, { startOtlpGrpcServer }] = await Promise.all([import('@/lib/grpc/otlp-grpc-bridge'), import('@/lib/grpc/otlp-grpc-server')]);
    processOtlpGrpc.logshareStartOtlpGrpc = startOtlpGrpcServer;
  }
}
