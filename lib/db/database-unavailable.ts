// Whether an error means "the database cannot serve us right now" (down,
// restarting, out of connections, the pool full, our connection lost, a
// statement or lock timeout) rather than a fault in the request or the code.
// Such failures pass: the error mappers answer them 503 with Retry-After
// (UNAVAILABLE over gRPC), with one warning per ten seconds in the log.
// They reach us in three shapes: node-postgres errors (a SQLSTATE `code`, a
// socket `code`, or a plain message), and Prisma errors whose
// `meta.driverAdapterError.cause` carries the adapter's `kind` and SQLSTATE.
import { log } from '@/lib/log';

/** Socket failures: the server is not there, or the connection broke. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs: 57P01 admin_shutdown (also pg_terminate_backend), 57P02
 * crash_shutdown, 57P03 cannot_connect_now (starting up, in recovery), 53300
 * too_many_connections, 57014 query_canceled (statement_timeout), 55P03
 * lock_not_available (lock_timeout); class 08 is "connection exception".
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '55P03']);

/** @prisma/adapter-pg's kinds for the same failures. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/** Prisma's own codes: can't reach (P1001), timed out (P1002, P1008), connection closed (P1017), pool timeout (P2024). */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/** node-postgres and pg-pool errors that carry only a message. */
const MESSAGES = [
  'Connection terminated', // "… unexpectedly", "… due to connection timeout"
  'timeout exceeded when trying to connect', // the pool stayed full
  'Client has encountered a connection error and is not queryable',
  'Cannot use a pool after calling end on the pool', // shutting down
];

function isUnavailableCode(code: unknown): boolean {
  if (typeof code !== 'string') return false;
  return SOCKET_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || PRISMA_CODES.has(code);
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } } };
  if (isUnavailableCode(e.code)) return true;
  const adapter = e.meta?.driverAdapterError?.cause;
  if (adapter && (ADAPTER_KINDS.has(adapter.kind as string) || isUnavailableCode(adapter.code))) return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => (e.message as string).includes(m))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

const WARN_EVERY_MS = 10_000;
let lastWarning = 0;
let unwarned = 0;

/** One warning per ten seconds, with how many failures it stands for, not one error per request in an outage. */
export function warnDatabaseUnavailable(error: unknown, requestId?: string) {
  const now = Date.now();
  if (now - lastWarning < WARN_EVERY_MS) {
    unwarned += 1;
    return;
  }
  log.warn('the database is unavailable; answering 503', { requestId, error: error instanceof Error ? error.message : String(error), alsoFailedSinceLastWarning: unwarned });
  lastWarning = now;
  unwarned = 0;
}
