import 'server-only';
import type { RequestMeta } from '@/lib/request-meta';
import { actorOf, recordAuditEvent } from '@/lib/audit/record-audit-event';
import { db } from '@/lib/db/prisma';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { InstallationAccess } from '@/lib/auth/permissions';

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
