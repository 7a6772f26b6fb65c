import 'server-only';
import type pg from 'pg';
import { createPool, createPrisma, type Db } from '@/lib/db/client';
import { serverEnv } from '@/lib/env';

// One pool and one Prisma client per process, created on first use (so
// `next build` can import modules without a database) and cached on
// globalThis so dev reloads don't open new pools.
const cache = globalThis as unknown as { logsharePool?: pg.Pool; logsharePrisma?: Db };

export function pgPool(): pg.Pool {
  return (cache.logsharePool ??= createPool(serverEnv().DATABASE_URL));
}

export function db(): Db {
  return (cache.logsharePrisma ??= createPrisma(pgPool()));
}
