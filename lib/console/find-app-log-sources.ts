import 'server-only';
import { AppError } from '@/lib/api/errors';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/prisma';

export type LogSource = {
  installationId: string;
  siteUrl: string;
  product: string;
  environment: string;
  appVersion: string;
  organizationId: string;
  siteId: string;
};

export type NotSharedSite = LogSource & { technicalContactEmail: string | null };

/**
 * The installations of one app whose logs the vendor member may read right
 * now (the site shares them and the grant has not expired), and those it may
 * not, with whom to ask. Another vendor's app is a 404; the viewer role sees
 * apps but not production log lines (403).
 */
export async function findAppLogSources(options: { viewer: Viewer; appId: string; now?: Date }) {
  const now = options.now ?? new Date();
  const app = await db().app.findUnique({
    where: { id: options.appId },
    include: {
      vendor: true,
      installations: {
        where: { uninstalledAt: null },
        include: {
          site: { include: { organization: true } },
          grants: { where: { disabledAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }, select: { id: true } },
        },
        orderBy: [{ site: { url: 'asc' } }, { environment: 'asc' }],
      },
    },
  });
  const membership = app && options.viewer.vendors.find((v) => v.vendorId === app.vendorId);
  if (!app || !membership) throw new AppError('not_found', 'No such app.');
  if (membership.role === 'VIEWER') throw new AppError('forbidden', 'Vendor members with the viewer role cannot read production logs.');

  const shared: LogSource[] = [];
  const notShared: NotSharedSite[] = [];
  for (const i of app.installations) {
    const source: LogSource = {
      installationId: i.id,
      siteUrl: i.site.url,
      product: i.product,
      environment: i.environment,
      appVersion: i.appVersion,
      organizationId: i.site.organizationId,
      siteId: i.siteId,
    };
    if (app.isPaid && i.grants.length > 0) shared.push(source);
    else notShared.push({ ...source, technicalContactEmail: app.isPaid ? i.site.organization.technicalContactEmail : null });
  }
  return { app: { id: app.id, name: app.name, isPaid: app.isPaid, vendorId: app.vendorId, vendorName: app.vendor.name }, shared, notShared };
}
