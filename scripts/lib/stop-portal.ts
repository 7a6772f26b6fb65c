import type http from 'node:http';
import type pg from 'pg';
import type { EmbeddedDatabase } from '@/lib/db/embedded-postgres';
import type { OtlpGrpcListener } from '@/lib/grpc/otlp-grpc-bridge';

// How `npm start` stops on SIGTERM or Ctrl-C, within STOP_WITHIN_MS: no new
// connections; idle keep-alive connections closed at once; requests (and
// OTLP/gRPC calls) in flight get a moment to finish, then every connection is closed (a download or a
// tail is cut off, which cancels its body and releases its database
// connection); the pool ends; the embedded PostgreSQL stops (fast, then
// immediate).

export const STOP_WITHIN_MS = 2_000;
/** What requests in flight get to finish. */
const REQUESTS_GRACE_MS = 300;
/** What the pool's clients get to be released and closed. */
const POOL_GRACE_MS = 200;

const within = (ms: number, work: Promise<unknown>) => Promise.race([work.catch(() => undefined), new Promise((r) => setTimeout(r, ms).unref())]);

export async function stopPortal(parts: { server?: http.Server; otlpGrpc?: OtlpGrpcListener; pool?: pg.Pool; database?: EmbeddedDatabase }): Promise<void> {
  const { server, otlpGrpc, pool, database } = parts;
  // Both listeners at once: the gRPC one within the same grace, then its calls are cancelled.
  const grpcStopped = otlpGrpc ? within(REQUESTS_GRACE_MS + 100, otlpGrpc.stop(REQUESTS_GRACE_MS)) : Promise.resolve();
  if (server) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await within(REQUESTS_GRACE_MS, closed);
    server.closeAllConnections();
    await within(100, closed);
  }
  await grpcStopped;
  if (pool) await within(POOL_GRACE_MS, pool.end());
  await database?.stop();
}
