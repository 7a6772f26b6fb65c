import 'server-only';
import { grantScopeColumn } from '@/lib/log-access/change-log-access';
import { AppError } from '@/lib/errors';
import type { RequestMeta } from '@/lib/request-meta';
import { actorOf, recordAuditEvent, SYSTEM_ACTOR } from '@/lib/audit/record-audit-event';
import { db } from '@/lib/db/prisma';
import type { AtlassianProduct, Environment } from '@/lib/generated/prisma/enums';
import { latestGrantEnd, sharingPolicyOf } from '@/lib/organizations/sharing-policy';

export type CreateInstallationOptions = {
  appId: string;
  siteId: string;
  product: AtlassianProduct;
  environment: Environment;
  appVersion: string;
  actor: { id: string; name: string; email: string };
  meta: RequestMeta;
};

/**
 * Records an app installed on a site. When the site's organization shares
 * logs with vendors of new paid apps by default, the grant is created in the
 * same transaction (not for a vendor it never shares with; ending after the
 * policy's longest grant), and the audit trail says it came from that policy.
 */
export async function createInstallation(options: CreateInstallationOptions) {
  return db().$transaction(async (tx) => {
    const [app, site] = await Promise.all([
      tx.app.findUnique({ where: { id: options.appId } }),
      tx.site.findUnique({ where: { id: options.siteId }, include: { organization: true } }),
    ]);
    if (!app) throw new AppError('unprocessable', 'No such app.');
    if (!site) throw new AppError('not_found', 'No such site.');
    const existing = await tx.installation.findUnique({
      where: { appId_siteId_product_environment: { appId: app.id, siteId: site.id, product: options.product, environment: options.environment } },
    });
    if (existing) throw new AppError('conflict', `${app.name} is already installed on ${site.url} in that product and environment.`);

    const installation = await tx.installation.create({
      data: {
        appId: app.id,
        siteId: site.id,
        product: options.product,
        environment: options.environment,
        appVersion: options.appVersion,
        installedAt: new Date(),
        installedById: options.actor.id,
      },
    });
    const policy = sharingPolicyOf(site.organization);
    if (app.isPaid && site.organization.shareLogsByDefault && !policy.neverShareVendorIds.includes(app.vendorId)) {
      const expiresAt = latestGrantEnd(policy, installation.installedAt);
      const grant = await tx.logAccessGrant.create({ data: { installationId: installation.id, source: 'ORG_POLICY', expiresAt, scope: grantScopeColumn(policy.defaultGrantScope) } });
      await recordAuditEvent(tx, {
        action: 'LOG_ACCESS_ENABLED',
        actor: SYSTEM_ACTOR,
        scope: { organizationId: site.organizationId, siteId: site.id, installationId: installation.id, vendorId: app.vendorId },
        details: {
          appName: app.name,
          grantId: grant.id,
          expiresAt: expiresAt?.toISOString() ?? null,
          grantScope: policy.defaultGrantScope,
          reason: `${site.organization.name} shares logs with vendors of newly installed paid apps by default (installed by ${actorOf(options.actor).label}).`,
        },
        meta: options.meta,
      });
    }
    return installation;
  });
}
