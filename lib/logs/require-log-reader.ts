import 'server-only';
import { AppError } from '@/lib/errors';
import { activeGrantWhere, requirePaidApp, requireVendorLogReader, requireVendorMembership } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/prisma';
import { findInstallationForViewer } from '@/lib/installations/find-installation-for-viewer';
import { storedGrantScope, type GrantScope } from '@/lib/validations/grant-scope';

/**
 * Who may read an installation's log lines: the site's admins always (it is
 * their data), the app's vendor only while the site shares them (an active
 * grant) and never a vendor member with the viewer role; paid apps only.
 * `scope` is what the reader may see: the grant's scope for the vendor, null
 * (everything) for the site's admins; every read of the lines applies it.
 */
export async function requireLogReader(options: { viewer: Viewer; installationId: string; now?: Date }) {
  const now = options.now ?? new Date();
  const found = await findInstallationForViewer(options);
  const { installation, access } = found;
  let scope: GrantScope | null = null;
  if (access === 'vendor') {
    const shared = await db().logAccessGrant.findFirst({ where: { installationId: installation.id, ...activeGrantWhere(now) }, select: { id: true, scope: true } });
    // Not shared: as far as this vendor is concerned there are no logs to find.
    if (!shared) throw new AppError('not_found', 'No such installation, or its site does not share its logs with you.');
    requireVendorLogReader(requireVendorMembership(options.viewer, installation.app.vendorId));
    scope = storedGrantScope(shared.scope);
  }
  requirePaidApp(installation.app);
  return { ...found, scope };
}
