import 'server-only';
import type { RequestMeta } from '@/lib/request-meta';
import { actorOf } from '@/lib/audit/record-audit-event';
import { pgPool } from '@/lib/db/prisma';
import type { Justification } from '@/lib/access-requests/justification';
import type { Prisma } from '@/lib/generated/prisma/client';

// Access transparency for the developer console: each vendor read (a viewer
// page, an export, a live tail) is one audit row per site it read, with the
// number of that site's lines it returned.

/** A vendor's read over some sites of one app: one audit row per site, with the lines it returned from there. */
export type VendorRead = {
  viewer: { id: string; name: string; email: string; apiTokenId?: string };
  app: { id: string; name: string; vendorId: string };
  /** With the justification of the grant the site shares under, when it answered an access request. */
  sources: { installationId: string; siteId: string; organizationId: string; justification?: Justification }[];
  kind: 'page' | 'count' | 'tail' | 'export' | 'counts' | 'patterns' | 'context';
  details: Prisma.InputJsonObject;
  meta: RequestMeta;
};

/**
 * The INSERT of a vendor read's audit rows, one per source (`s`). `bind`
 * adds a parameter and returns its placeholder; `linesOf` is the SQL for the
 * number of lines read from the source whose installation id is the given
 * expression. readLogPageAndRecordVendorRead puts this INSERT into the page's own statement.
 */
export function vendorReadsInsertSql(read: VendorRead, bind: (value: unknown) => string, linesOf: (installationId: string) => string): string {
  const actor = actorOf(read.viewer);
  const token = read.viewer.apiTokenId ? { apiTokenId: read.viewer.apiTokenId } : {};
  const details = JSON.stringify({ appName: read.app.name, kind: read.kind, ...token, ...read.details });
  return `INSERT INTO audit_events (action, actor_user_id, actor_label, organization_id, site_id, installation_id, vendor_id, details, ip_address, user_agent)
    SELECT 'VENDOR_LOGS_READ', ${bind(actor.userId)}, ${bind(actor.label)}, s.organization_id, s.site_id, s.installation_id, ${bind(read.app.vendorId)},
           ${bind(details)}::jsonb || jsonb_build_object('lines', ${linesOf('s.installation_id')})
             || CASE WHEN s.justification IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('justification', s.justification::jsonb) END,
           ${bind(read.meta.ipAddress)}, ${bind(read.meta.userAgent)}
      FROM unnest(${bind(read.sources.map((s) => s.installationId))}::text[], ${bind(read.sources.map((s) => s.siteId))}::text[],
                  ${bind(read.sources.map((s) => s.organizationId))}::text[],
                  ${bind(read.sources.map((s) => (s.justification ? JSON.stringify(s.justification) : null)))}::text[]) AS s(installation_id, site_id, organization_id, justification)`;
}

/** Writes the audit rows of a vendor read; a site missing from `linesPerInstallation` read no lines. */
export async function recordVendorReads(read: VendorRead & { linesPerInstallation: Map<string, number> }) {
  if (read.sources.length === 0) return;
  const values: unknown[] = [];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const counts = bind(JSON.stringify(Object.fromEntries(read.linesPerInstallation)));
  const text = vendorReadsInsertSql(read, bind, (id) => `coalesce((${counts}::jsonb ->> ${id})::int, 0)`);
  // The text is the same for every read, so it is prepared once per connection.
  await pgPool().query({ name: 'record-vendor-reads', text, values });
}
