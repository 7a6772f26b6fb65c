import 'server-only';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { pgPool } from '@/lib/db/prisma';

/**
 * The planner settings of an audit-log statement, each for a reason the
 * planner cannot see. The page's session probes are correlated subqueries
 * whose cost and rows it cannot bound (it does not know that the 30-minute
 * window holds a few rows, nor that the first read after a row is nearly
 * always the one the probe wants), so:
 * - jit off: a page of 50 is estimated far above jit_above_cost, and JIT
 *   would spend 1.5 s compiling a statement that runs in a few milliseconds;
 * - bitmap scans off: a probe would fetch every read of the window from the
 *   heap (some 20) where an index scan stops at the first that qualifies;
 *   pages of sessions ran in about half the time without them (bench/README);
 * - a generic plan: the statement's shape (its filters), not their values,
 *   decides the plan, so each connection plans each shape once (named
 *   statement) instead of on every page.
 */
export const AUDIT_PLANNER_SETTINGS = 'SET LOCAL jit = off; SET LOCAL enable_bitmapscan = off; SET LOCAL plan_cache_mode = force_generic_plan';

/** A prepared statement's name for a statement text: the same text on the same connection is planned once. */
function statementName(text: string): string {
  return `audit-${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
}

/** Runs an audit-log statement with AUDIT_PLANNER_SETTINGS, in a read-only transaction of its own (SET LOCAL ends with it). */
export async function queryAuditTrail<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<T>> {
  const client = await pgPool().connect();
  try {
    await client.query(`BEGIN READ ONLY; ${AUDIT_PLANNER_SETTINGS}`);
    const result = await client.query<T>({ name: statementName(text), text, values });
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    // The transaction may be half-way: the connection is dropped rather than pooled.
    client.release(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}
