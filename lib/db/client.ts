import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { log } from '@/lib/log';

export type Db = PrismaClient;

/**
 * Every connection's limits, sent in its startup packet so they hold from the
 * first statement on: no request or job holds a connection, a lock or a
 * transaction for long. A statement that needs longer says so itself (exports
 * raise statement_timeout with SET LOCAL in their own transaction).
 */
export const CONNECTION_TIMEOUTS = {
  /** A statement running longer is cancelled (57014). */
  statement_timeout: 30_000,
  /** Waiting longer for a lock fails (55P03) instead of queueing behind a long reader. */
  lock_timeout: 5_000,
  /** A transaction left idle this long (a crashed request) is ended by the server. */
  idle_in_transaction_session_timeout: 60_000,
} as const;

/** How long a request waits for a pooled connection (or a new one) before it fails with 503. */
export const CONNECT_TIMEOUT_MS = 5_000;

/** One pg pool per process, shared by Prisma and the hand-written log queries. */
export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, ...CONNECTION_TIMEOUTS });
  // A client can lose its connection at any time (a server restart, a
  // failover, pg_terminate_backend). pg-pool listens for that only while the
  // client is idle; an 'error' event without a listener crashes the process.
  // So every client gets a listener for its whole life: the query in flight
  // fails on its own (and the request answers 503), the pool drops the client
  // when it is released, and the next checkout connects afresh.
  pool.on('connect', (client) => client.on('error', (error) => log.debug('a database connection was lost', { error: error.message })));
  // An idle client losing its connection must not crash the process either.
  pool.on('error', () => undefined);
  return pool;
}

export function createPrisma(pool: pg.Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

/**
 * Where lib/db/prisma.ts keeps the process's pool and Prisma client: on
 * globalThis, so dev reloads reuse them and the start script (outside the
 * Next.js bundle) can end the pool when it stops.
 */
export const processDb = globalThis as unknown as { logsharePool?: pg.Pool; logsharePrisma?: Db };
