import 'server-only';
import { AppError } from '@/lib/errors';
import { pathId } from '@/lib/validations/path-id';
import { requireApiViewer } from '@/lib/auth/guards';
import { installationAccessOf } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/prisma';

const include = { app: { include: { vendor: true } }, site: { include: { organization: true } } } as const;

/**
 * The installation as the viewer may see it (installationAccessOf: as an
 * admin of its site or as a member of the app's vendor). Anyone else gets a
 * 404, as if it did not exist.
 */
export async function findInstallationForViewer(options: { viewer: Viewer; installationId: string }) {
  const installation = await db().installation.findUnique({ where: { id: options.installationId }, include });
  const access = installation ? installationAccessOf(options.viewer, installation) : null;
  if (!installation || !access || installation.uninstalledAt) {
    throw new AppError('not_found', 'No such installation.');
  }
  return { installation, access };
}

/** For route handlers under /installations/{id}: the signed-in viewer and the installation as they may see it. */
export async function requireApiInstallation(id: string) {
  const viewer = await requireApiViewer();
  return { viewer, ...(await findInstallationForViewer({ viewer, installationId: pathId(id, 'installation') })) };
}
