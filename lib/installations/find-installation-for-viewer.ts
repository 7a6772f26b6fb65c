import 'server-only';
import { AppError } from '@/lib/api/errors';
import { pathId } from '@/lib/api/route';
import { requireApiViewer } from '@/lib/auth/guards';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/prisma';

export type InstallationAccess = 'admin' | 'vendor';

const include = { app: { include: { vendor: true } }, site: { include: { organization: true } } } as const;

/**
 * The installation as the viewer may see it: as an admin of its site or as a
 * member of the app's vendor. Anyone else gets a 404, as if it did not exist.
 */
export async function findInstallationForViewer(options: { viewer: Viewer; installationId: string }) {
  const installation = await db().installation.findUnique({ where: { id: options.installationId }, include });
  const access = installation ? accessOf(options.viewer, installation) : null;
  if (!installation || !access || installation.uninstalledAt) {
    throw new AppError('not_found', 'No such installation.');
  }
  return { installation, access };
}

export function accessOf(viewer: Viewer, installation: { siteId: string; app: { vendorId: string } }): InstallationAccess | null {
  if (viewer.adminSites.some((s) => s.id === installation.siteId)) return 'admin';
  if (viewer.vendors.some((v) => v.vendorId === installation.app.vendorId)) return 'vendor';
  return null;
}

/** Admins of the site act on it; the vendor may look but not act (403). */
export function requireAdminAccess(access: InstallationAccess) {
  if (access !== 'admin') throw new AppError('forbidden', 'Only an admin of this site can change its log access.');
}

/** For route handlers under /installations/{id}: the signed-in viewer and the installation as they may see it. */
export async function requireApiInstallation(id: string) {
  const viewer = await requireApiViewer();
  return { viewer, ...(await findInstallationForViewer({ viewer, installationId: pathId(id, 'installation') })) };
}
