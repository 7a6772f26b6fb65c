import 'server-only';
import { requireSiteAuditReader } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors';
import { pathId } from '@/lib/validations/path-id';

export type AuditSite = { id: string; url: string; organizationId: string; vendorIds: string[] };

/** A site with the vendors of the apps installed on it (who know it exists), or null. */
export async function findAuditSite(siteId: string): Promise<AuditSite | null> {
  const site = await db().site.findUnique({
    where: { id: siteId },
    select: { id: true, url: true, organizationId: true, installations: { select: { app: { select: { vendorId: true } } } } },
  });
  if (!site) return null;
  return { id: site.id, url: site.url, organizationId: site.organizationId, vendorIds: [...new Set(site.installations.map((i) => i.app.vendorId))] };
}

/** The site named in an audit route, for a caller allowed to read its audit log (requireSiteAuditReader); unknown: 404. */
export async function requireAuditSite(viewer: Viewer, siteId: string): Promise<AuditSite> {
  const site = await findAuditSite(pathId(siteId, 'site'));
  if (!site) throw new AppError('not_found', 'No such site.');
  requireSiteAuditReader(viewer, site);
  return site;
}
