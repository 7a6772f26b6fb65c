import 'server-only';
import type pg from 'pg';
import { createPool, createPrisma, processDb, type Db } from '@/lib/db/client';
import { serverEnv } from '@/lib/env';

// One pool and one Prisma client per process, created on first use (so
// `next build` can import modules without a database) and cached on
// globalThis so dev reloads don't open new pools.

export function pgPool(): pg.Pool {
  return (processDb.logsharePool ??= createPool(serverEnv().DATABASE_URL));
}

export function db(): Db {
  return (processDb.logsharePrisma ??= createPrisma(pgPool()));
}
