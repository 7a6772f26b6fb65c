import 'server-only';
import type { Viewer } from '@/lib/auth/viewer';
import { OPEN_GRANT_WHERE } from '@/lib/auth/permissions';
import { db } from '@/lib/db/prisma';
import { installationJson, type InstallationJson } from '@/lib/installations/installation-json';

/** Installations the viewer can see: on sites they administer, or of their vendors' apps. */
export async function listVisibleInstallations(options: { viewer: Viewer; now?: Date }): Promise<InstallationJson[]> {
  const now = options.now ?? new Date();
  const siteIds = options.viewer.adminSites.map((s) => s.id);
  const vendorIds = options.viewer.vendors.map((v) => v.vendorId);
  if (siteIds.length === 0 && vendorIds.length === 0) return [];
  const rows = await db().installation.findMany({
    where: { uninstalledAt: null, OR: [{ siteId: { in: siteIds } }, { app: { vendorId: { in: vendorIds } } }] },
    include: { app: { include: { vendor: true } }, site: true, grants: { where: OPEN_GRANT_WHERE } },
    orderBy: [{ site: { url: 'asc' } }, { app: { name: 'asc' } }, { environment: 'asc' }],
  });
  return rows.map((row) => installationJson(row, now));
}
