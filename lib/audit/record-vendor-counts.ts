import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import { vendorReadsInsertSql, type VendorRead } from '@/lib/audit/record-vendor-reads';

/**
 * How long one audit row covers a vendor member's chart and facets of one
 * view (range and filters) on one site: the viewer asks for both at once,
 * and may ask again (a reload, a second tab) without reading anything new.
 */
export const COUNTS_AUDIT_WINDOW_MINUTES = 10;

/**
 * Access transparency for the console's volume chart and facets: they serve
 * counts and, in facets, values of the lines (modules, attribute values), so
 * they are vendor reads (VENDOR_LOGS_READ, kind "counts") like a page. One row
 * per site per view: a member's first chart or facets request for a range
 * and filters writes one row per site with the matching lines counted there;
 * the same view again within COUNTS_AUDIT_WINDOW_MINUTES writes none. Every
 * new view (a zoom, another query) is a row, as its page of lines is; hovering
 * the chart asks the server nothing.
 */
export async function recordVendorCounts(read: Omit<VendorRead, 'kind'> & { linesPerInstallation: Map<string, number> }): Promise<void> {
  if (read.sources.length === 0) return;
  const values: unknown[] = [];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const counts = bind(JSON.stringify(Object.fromEntries(read.linesPerInstallation)));
  const insert = vendorReadsInsertSql({ ...read, kind: 'counts' }, bind, (id) => `coalesce((${counts}::jsonb ->> ${id})::int, 0)`);
  const view = bind(JSON.stringify({ kind: 'counts', ...read.details }));
  const actor = bind(read.viewer.id);
  const text = `${insert}
     WHERE NOT EXISTS (SELECT 1 FROM audit_events a
                        WHERE a.installation_id = s.installation_id AND a.occurred_at > now() - interval '${COUNTS_AUDIT_WINDOW_MINUTES} minutes'
                          AND a.action = 'VENDOR_LOGS_READ' AND a.actor_user_id = ${actor} AND a.details @> ${view}::jsonb)`;
  // The chart and the facets of a view arrive together: one at a time per member, so the second sees the first's rows.
  const client = await pgPool().connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`vendor-counts:${read.viewer.id}`]);
    await client.query(text, values);
    await client.query('COMMIT');
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  client.release();
}
