import 'server-only';
import type pg from 'pg';
import { pgPool } from '@/lib/db/prisma';

/**
 * Runs an audit-log statement with PostgreSQL's JIT compilation off. The
 * page's session probes are correlated subqueries whose cost the planner
 * cannot bound (it does not know the 30-minute window holds a few rows), so
 * a page of 50 is estimated far above jit_above_cost and JIT spends 1.5 s
 * compiling a statement that runs in a few milliseconds. SET LOCAL keeps
 * the setting to this transaction.
 */
export async function queryWithoutJit<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<T>> {
  const client = await pgPool().connect();
  try {
    await client.query('BEGIN READ ONLY; SET LOCAL jit = off');
    const result = await client.query<T>(text, values);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    // The transaction may be half-way: the connection is dropped rather than pooled.
    client.release(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}
