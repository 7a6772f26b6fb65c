import 'server-only';
import type pg from 'pg';
import { createPool, createPrisma, type Db } from '@/lib/db/client';
import { serverEnv } from '@/lib/env';

// One client per process; cached on globalThis so dev reloads don't open new pools.
const cache = globalThis as unknown as { logsharePool?: pg.Pool; logsharePrisma?: Db };

export const pool: pg.Pool = (cache.logsharePool ??= createPool(serverEnv().DATABASE_URL));
export const prisma: Db = (cache.logsharePrisma ??= createPrisma(pool));
