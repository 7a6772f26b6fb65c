import 'server-only';
import { accessRequestInclude } from '@/lib/access-requests/access-request-json';
import { AppError } from '@/lib/errors';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/prisma';
import { installationAccessOf } from '@/lib/auth/permissions';

/**
 * The request as the viewer may see it: as an admin of the installation's
 * site or as a member of the app's vendor. Anyone else gets a 404.
 */
export async function findAccessRequestForViewer(options: { viewer: Viewer; requestId: string }) {
  const request = await db().accessRequest.findUnique({ where: { id: options.requestId }, include: accessRequestInclude });
  const access = request ? installationAccessOf(options.viewer, request.installation) : null;
  if (!request || !access || request.installation.uninstalledAt) throw new AppError('not_found', 'No such access request.');
  return { request, access };
}
