import 'server-only';
import { OPEN_GRANT_WHERE } from '@/lib/auth/permissions';
import { db } from '@/lib/db/prisma';
import { logAccessState, type LogAccessState } from '@/lib/installations/log-access-state';

export type SiteInstallation = {
  id: string;
  appId: string;
  appName: string;
  vendorName: string;
  product: string;
  environment: string;
  appVersion: string;
  isPaid: boolean;
  installedAt: string;
  /** Who installed it ("Avery Adams"), or null when unknown. */
  installedBy: string | null;
  logAccess: LogAccessState;
};

/** The apps installed on one site, by app name. */
export async function listSiteInstallations(options: { siteId: string; now?: Date }): Promise<SiteInstallation[]> {
  const now = options.now ?? new Date();
  const rows = await db().installation.findMany({
    where: { siteId: options.siteId, uninstalledAt: null },
    include: {
      app: { include: { vendor: true } },
      installedBy: { select: { name: true, email: true } },
      grants: { where: OPEN_GRANT_WHERE, orderBy: { enabledAt: 'desc' } },
    },
  });
  return rows
    .map((i) => ({
      id: i.id,
      appId: i.appId,
      appName: i.app.name,
      vendorName: i.app.vendor.name,
      product: i.product,
      environment: i.environment,
      appVersion: i.appVersion,
      isPaid: i.app.isPaid,
      installedAt: i.installedAt.toISOString(),
      installedBy: i.installedBy ? i.installedBy.name || i.installedBy.email : null,
      logAccess: logAccessState({ isPaid: i.app.isPaid, grants: i.grants, now }),
    }))
    .sort((a, b) => a.appName.localeCompare(b.appName) || a.environment.localeCompare(b.environment));
}
