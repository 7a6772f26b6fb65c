import 'server-only';
import type { RequestMeta } from '@/lib/api/route';
import { actorOf, recordAuditEvent } from '@/lib/audit/record-audit-event';
import { db, pgPool } from '@/lib/db/prisma';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { InstallationAccess } from '@/lib/installations/find-installation-for-viewer';

type Installation = { id: string; siteId: string; site: { organizationId: string }; app: { vendorId: string; name: string } };

/**
 * Access transparency: a download by an admin, or any read by a vendor, is an
 * audit row on the site (one per request, not per line).
 */
export async function recordLogRead(options: {
  installation: Installation;
  access: InstallationAccess;
  actor: { id: string; name: string; email: string };
  meta: RequestMeta;
  kind: 'page' | 'export';
  details: Prisma.InputJsonObject;
}) {
  const { installation } = options;
  const action = options.access === 'vendor' ? 'VENDOR_LOGS_READ' : options.kind === 'export' ? 'LOGS_DOWNLOADED' : null;
  if (!action) return;
  // A read changes nothing else, so its row needs no transaction of its own.
  await recordAuditEvent(db(), {
    action,
    actor: actorOf(options.actor),
    scope: { organizationId: installation.site.organizationId, siteId: installation.siteId, installationId: installation.id, vendorId: installation.app.vendorId },
    details: { appName: installation.app.name, kind: options.kind, ...options.details },
    meta: options.meta,
  });
}

/** A vendor's read over some sites of one app: one audit row per site, with the lines it returned from there. */
type VendorRead = {
  viewer: { id: string; name: string; email: string };
  app: { id: string; name: string; vendorId: string };
  sources: { installationId: string; siteId: string; organizationId: string }[];
  kind: 'page' | 'tail' | 'export';
  details: Prisma.InputJsonObject;
  meta: RequestMeta;
};

// One statement, prepared once per connection: a console page, a tail
// session or an export writes its rows with a single round trip.
const VENDOR_READS_SQL = `
  INSERT INTO audit_events (action, actor_user_id, actor_label, organization_id, site_id, installation_id, vendor_id, details, ip_address, user_agent)
  SELECT 'VENDOR_LOGS_READ', $1, $2, s.organization_id, s.site_id, s.installation_id, $3, $4::jsonb || jsonb_build_object('lines', s.lines), $5, $6
    FROM unnest($7::text[], $8::text[], $9::text[], $10::int[]) AS s(installation_id, site_id, organization_id, lines)`;

/** Writes the audit rows of a vendor read; a site missing from `linesPerInstallation` read no lines. */
export async function recordVendorReads(read: VendorRead & { linesPerInstallation: Map<string, number> }) {
  if (read.sources.length === 0) return;
  const actor = actorOf(read.viewer);
  await pgPool().query({
    name: 'record-vendor-reads',
    text: VENDOR_READS_SQL,
    values: [
      actor.userId,
      actor.label,
      read.app.vendorId,
      JSON.stringify({ appName: read.app.name, kind: read.kind, ...read.details }),
      read.meta.ipAddress,
      read.meta.userAgent,
      read.sources.map((s) => s.installationId),
      read.sources.map((s) => s.siteId),
      read.sources.map((s) => s.organizationId),
      read.sources.map((s) => read.linesPerInstallation.get(s.installationId) ?? 0),
    ],
  });
}
