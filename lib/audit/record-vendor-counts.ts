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
 * How many of the member's newest reads of a site the probe for the same view
 * looks through. The chart and facets of a view come within a few reads of
 * each other; bounding the probe keeps a member who read thousands of pages
 * in the window (a script with an API token) from making every chart walk
 * them all: 135,000 such reads made the probe 100 ms. A view asked again
 * after more reads than this is recorded again.
 */
export const COUNTS_AUDIT_PROBED_READS = 20;

/**
 * Access transparency for the console's volume chart and facets: they serve
 * counts and, in facets, values of the lines (modules, attribute values), so
 * they are vendor reads (VENDOR_LOGS_READ, kind "counts") like a page. One row
 * per site per view: a member's first chart or facets request for a range
 * and filters writes one row per site with the matching lines counted there;
 * the same view again within COUNTS_AUDIT_WINDOW_MINUTES writes none. Every
 * new view (a zoom, another query) is a row, as its page of lines is; hovering
 * the chart asks the server nothing. The probe for the same view walks the
 * member's newest reads of the site by audit_events_vendor_reads_idx.
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
     WHERE NOT EXISTS (SELECT 1 FROM (SELECT a.details FROM audit_events a
                                       WHERE a.installation_id = s.installation_id AND a.actor_user_id = ${actor} AND a.action = 'VENDOR_LOGS_READ'
                                         AND a.occurred_at > now() - interval '${COUNTS_AUDIT_WINDOW_MINUTES} minutes'
                                       ORDER BY a.occurred_at DESC, a.id DESC LIMIT ${COUNTS_AUDIT_PROBED_READS}) recent
                        WHERE recent.details @> ${view}::jsonb)`;
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
