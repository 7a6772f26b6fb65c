import 'server-only';
import { recordAuditEvent, SYSTEM_ACTOR } from '@/lib/audit/record-audit-event';
import { lapsedGrantWhere, OPEN_GRANT_WHERE } from '@/lib/auth/permissions';
import { db } from '@/lib/db/prisma';
import type { Prisma } from '@/lib/generated/prisma/client';
import { enqueueGrantSummary } from '@/lib/log-access/enqueue-grant-summary';

// An expired grant already counts as not shared everywhere (read-time check).
// Settling closes it for the record: disabled at its expiry, with an audit
// row dated then, and the admins' summary of what the vendor read under it
// goes to the outbox in the same transaction. Run before every change to an
// installation's access, by the audit log page, and by the periodic sweep.

export async function settleExpiredGrants(tx: Prisma.TransactionClient, where: { installationId?: string; siteId?: string }, now = new Date()) {
  const expired = await tx.logAccessGrant.findMany({
    where: {
      ...lapsedGrantWhere(now),
      ...(where.installationId ? { installationId: where.installationId } : {}),
      ...(where.siteId ? { installation: { siteId: where.siteId } } : {}),
    },
    include: { installation: { include: { site: true, app: true } } },
  });
  for (const grant of expired) {
    // Only the transaction that closes the grant writes the audit row.
    const { count } = await tx.logAccessGrant.updateMany({
      where: { id: grant.id, ...OPEN_GRANT_WHERE },
      data: { disabledAt: grant.expiresAt },
    });
    if (count === 0) continue;
    await recordAuditEvent(tx, {
      action: 'LOG_ACCESS_EXPIRED',
      actor: SYSTEM_ACTOR,
      scope: {
        organizationId: grant.installation.site.organizationId,
        siteId: grant.installation.siteId,
        installationId: grant.installationId,
        vendorId: grant.installation.app.vendorId,
      },
      details: { grantId: grant.id, appName: grant.installation.app.name, expiresAt: grant.expiresAt!.toISOString() },
      occurredAt: grant.expiresAt!,
    });
    await enqueueGrantSummary(tx, { grantId: grant.id, end: { at: grant.expiresAt!, by: 'expired' }, now });
  }
  return expired.length;
}

/** Settles the site's expired grants in a transaction of their own, e.g. before its audit log is listed, so their expiry is in it. */
export async function settleExpiredGrantsOfSite(siteId: string, now = new Date()): Promise<number> {
  return db().$transaction((tx) => settleExpiredGrants(tx, { siteId }, now));
}

/** The periodic sweep: settles every expired grant, one transaction per site. */
export async function settleAllExpiredGrants(now = new Date()): Promise<number> {
  const sites = await db().logAccessGrant.findMany({
    where: lapsedGrantWhere(now),
    select: { installation: { select: { siteId: true } } },
    distinct: ['installationId'],
  });
  let settled = 0;
  for (const siteId of new Set(sites.map((s) => s.installation.siteId))) {
    settled += await settleExpiredGrantsOfSite(siteId, now);
  }
  return settled;
}
