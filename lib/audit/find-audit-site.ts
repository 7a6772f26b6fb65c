import 'server-only';
import { requireSiteAuditReader } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { pgPool } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors';
import { pathId } from '@/lib/validations/path-id';

export type AuditSite = { id: string; url: string; organizationId: string; vendorIds: string[] };

/**
 * The site named in an audit route's path, with the vendors of the apps
 * installed on it (who know it exists), or null. It does not depend on who
 * asks, so routes read it while the caller is authenticated (concurrently).
 */
export async function findAuditSite(siteId: string): Promise<AuditSite | null> {
  const { rows } = await pgPool().query<{ id: string; url: string; organization_id: string; vendor_ids: string[] }>({
    name: 'find-audit-site',
    text: `SELECT s.id, s.url, s.organization_id,
                  coalesce(array(SELECT DISTINCT a.vendor_id FROM installations i JOIN apps a ON a.id = i.app_id WHERE i.site_id = s.id), '{}') AS vendor_ids
             FROM sites s WHERE s.id = $1`,
    values: [pathId(siteId, 'site')],
  });
  const site = rows[0];
  return site ? { id: site.id, url: site.url, organizationId: site.organization_id, vendorIds: site.vendor_ids } : null;
}

/** The site, for a caller allowed to read its audit log (requireSiteAuditReader); an unknown site is a 404. */
export function requireAuditSite(viewer: Viewer, site: AuditSite | null): AuditSite {
  if (!site) throw new AppError('not_found', 'No such site.');
  requireSiteAuditReader(viewer, site);
  return site;
}
