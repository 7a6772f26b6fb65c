import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import { recordVendorReads, vendorReadsInsertSql, type VendorRead } from '@/lib/audit/record-vendor-reads';
import { findLogSlice, logSliceOf, logSliceStatement, type LogSlice, type LogSliceOptions, type LogSliceRow } from '@/lib/logs/find-log-slice';
import { logLineSelect } from '@/lib/logs/log-line-json';

/**
 * A page of findLogSlice for a vendor, and the read's audit rows
 * (record-vendor-reads.ts), counting only the lines of the page served from
 * each site. The rows are written by the page's own statement: one round
 * trip, not two. Not for a message search, which needs parallel query, and
 * PostgreSQL never plans a statement that writes in parallel: that page is
 * read first and recorded after.
 */
export async function readLogPageAndRecordVendorRead(options: LogSliceOptions & { read: VendorRead }): Promise<LogSlice> {
  const { read, ...slice } = options;
  if (slice.installationIds.length === 0) return { lines: [], nextCursor: null };
  if (read.sources.length === 0 || slice.q) {
    const page = await findLogSlice(slice);
    await recordVendorReads({ ...read, linesPerInstallation: countBy(page.lines.map((l) => l.installationId)) });
    return page;
  }
  const { params, bind, walk } = logSliceStatement(slice);
  const limit = bind(slice.limit);
  const linesOf = (installationId: string) =>
    `(SELECT count(*) FROM (SELECT installation_id FROM page ORDER BY ts DESC, id DESC LIMIT ${limit}) p WHERE p.installation_id = ${installationId})`;
  const text = `WITH page AS MATERIALIZED (${walk('l.*')}), recorded AS (${vendorReadsInsertSql(read, bind, linesOf)})
    SELECT ${logLineSelect('page')}, page.installation_id FROM page ORDER BY page.ts DESC, page.id DESC`;
  const { rows } = await pgPool().query<LogSliceRow>(text, params);
  return logSliceOf(rows, slice.limit);
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
