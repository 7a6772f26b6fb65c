import 'server-only';
import { AppError } from '@/lib/api/errors';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/prisma';
import { findInstallationForViewer } from '@/lib/installations/find-installation-for-viewer';

/**
 * Who may read an installation's log lines: the site's admins always (it is
 * their data), the app's vendor only while the site shares them and the grant
 * has not expired, and never a vendor member with the viewer role. As the
 * seed says, logs exist for paid apps only.
 */
export async function requireLogReader(options: { viewer: Viewer; installationId: string; now?: Date }) {
  const now = options.now ?? new Date();
  const found = await findInstallationForViewer(options);
  const { installation, access } = found;
  if (access === 'vendor') {
    const shared = await db().logAccessGrant.findFirst({
      where: { installationId: installation.id, disabledAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      select: { id: true },
    });
    // Not shared: as far as this vendor is concerned there are no logs to find.
    if (!shared) throw new AppError('not_found', 'No such installation, or its site does not share its logs with you.');
    const role = options.viewer.vendors.find((v) => v.vendorId === installation.app.vendorId)?.role;
    if (role === 'VIEWER') throw new AppError('forbidden', 'Vendor members with the viewer role cannot read production logs.');
  }
  if (!installation.app.isPaid) throw new AppError('unprocessable', 'Logs are only available for paid apps.');
  return found;
}
