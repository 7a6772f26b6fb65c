import 'server-only';
import { db } from '@/lib/db/prisma';
import { getLogAccess, type LogAccessDetails } from '@/lib/log-access/get-log-access';

export type InstallationDetails = {
  id: string;
  appName: string;
  appDescription: string;
  isPaid: boolean;
  vendorName: string;
  vendorContactEmail: string;
  privacyPolicyUrl: string | null;
  scopes: string[];
  product: string;
  environment: string;
  appVersion: string;
  installedAt: string;
  logAccess: LogAccessDetails;
};

/** One installation of a site, with everything its details page shows; null if not on that site. */
export async function getSiteInstallation(options: { siteId: string; installationId: string }): Promise<InstallationDetails | null> {
  const installation = await db().installation.findFirst({
    where: { id: options.installationId, siteId: options.siteId, uninstalledAt: null },
    include: { app: { include: { vendor: true } } },
  });
  if (!installation) return null;
  const { app } = installation;
  return {
    id: installation.id,
    appName: app.name,
    appDescription: app.description,
    isPaid: app.isPaid,
    vendorName: app.vendor.name,
    vendorContactEmail: app.contactEmail,
    privacyPolicyUrl: app.privacyPolicyUrl,
    scopes: app.scopes,
    product: installation.product,
    environment: installation.environment,
    appVersion: installation.appVersion,
    installedAt: installation.installedAt.toISOString(),
    logAccess: await getLogAccess({ installationId: installation.id, isPaid: app.isPaid, access: 'admin' }),
  };
}
