import 'server-only';
import { canVendorSeeContact, OPEN_GRANT_WHERE } from '@/lib/auth/permissions';
import { db } from '@/lib/db/prisma';
import { logAccessState, type LogAccessState } from '@/lib/installations/log-access-state';

export type VendorApp = { id: string; name: string; vendorName: string; isPaid: boolean; installationCount: number };

/** The apps of every vendor the person belongs to. */
export async function listVendorApps(options: { vendorIds: string[] }): Promise<VendorApp[]> {
  const apps = await db().app.findMany({
    where: { vendorId: { in: options.vendorIds } },
    include: { vendor: true, _count: { select: { installations: true } } },
    orderBy: { name: 'asc' },
  });
  return apps.map((a) => ({ id: a.id, name: a.name, vendorName: a.vendor.name, isPaid: a.isPaid, installationCount: a._count.installations }));
}

export type AppInstallation = {
  id: string;
  siteUrl: string;
  product: string;
  environment: string;
  appVersion: string;
  installedAt: string;
  logAccess: LogAccessState;
  /** The customer's technical contact, for paid apps ("contact your customer"). */
  technicalContactEmail: string | null;
};

/** One app with its installations, or null when none of the person's vendors owns it. */
export async function findVendorApp(options: { appId: string; vendorIds: string[]; now?: Date }) {
  const now = options.now ?? new Date();
  const app = await db().app.findFirst({
    where: { id: options.appId, vendorId: { in: options.vendorIds } },
    include: {
      vendor: true,
      installations: {
        where: { uninstalledAt: null },
        include: { site: { include: { organization: true } }, grants: { where: OPEN_GRANT_WHERE } },
        orderBy: [{ site: { url: 'asc' } }, { environment: 'asc' }],
      },
    },
  });
  if (!app) return null;
  const installations: AppInstallation[] = app.installations.map((i) => ({
    id: i.id,
    siteUrl: i.site.url,
    product: i.product,
    environment: i.environment,
    appVersion: i.appVersion,
    installedAt: i.installedAt.toISOString(),
    logAccess: logAccessState({ isPaid: app.isPaid, grants: i.grants, now }),
    technicalContactEmail: canVendorSeeContact(app) ? i.site.organization.technicalContactEmail : null,
  }));
  return { id: app.id, name: app.name, vendorId: app.vendorId, vendorName: app.vendor.name, isPaid: app.isPaid, description: app.description, installations };
}
