import 'server-only';
import type { RequestMeta } from '@/lib/api/route';
import { actorOf, auditEventData, recordAuditEvent } from '@/lib/audit/record-audit-event';
import { db } from '@/lib/db/prisma';
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

/**
 * One audit row per site a console page read from, with the lines it
 * returned from there: a single INSERT, not a transaction of many, because
 * it runs on every page a vendor loads.
 */
export async function recordVendorReads(options: {
  viewer: { id: string; name: string; email: string };
  app: { id: string; name: string; vendorId: string };
  sources: { installationId: string; siteId: string; organizationId: string }[];
  linesPerInstallation: Map<string, number>;
  details: Prisma.InputJsonObject;
  meta: RequestMeta;
}) {
  if (options.sources.length === 0) return;
  const actor = actorOf(options.viewer);
  await db().auditEvent.createMany({
    data: options.sources.map((source) =>
      auditEventData({
        action: 'VENDOR_LOGS_READ',
        actor,
        scope: { organizationId: source.organizationId, siteId: source.siteId, installationId: source.installationId, vendorId: options.app.vendorId },
        details: { appName: options.app.name, kind: 'page', lines: options.linesPerInstallation.get(source.installationId) ?? 0, ...options.details },
        meta: options.meta,
      }),
    ),
  });
}
