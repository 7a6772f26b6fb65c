import 'server-only';
import { AppError } from '@/lib/errors';
import type { RequestMeta } from '@/lib/request-meta';
import { actorOf, recordAuditEvent, type AuditActor, type AuditScope } from '@/lib/audit/record-audit-event';
import { OPEN_GRANT_WHERE, requirePaidApp } from '@/lib/auth/permissions';
import { db } from '@/lib/db/prisma';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { GrantSource } from '@/lib/generated/prisma/enums';
import { settleExpiredGrants } from '@/lib/log-access/settle-expired-grants';
import { deliverEmails } from '@/lib/email/send-email';
import { enqueueGrantSummary } from '@/lib/log-access/enqueue-grant-summary';
import { checkGrantEnd, refuseNeverSharedVendor, sharingPolicyOf } from '@/lib/organizations/sharing-policy';
import { normalizeGrantScope, storedGrantScope, type GrantScope } from '@/lib/validations/grant-scope';
import { Prisma as PrismaValues } from '@/lib/generated/prisma/client';

// Enabling and disabling an installation's log access. Each runs in one
// transaction that first locks the installation row, so concurrent calls
// queue up: two enables leave exactly one open grant (a partial unique index
// backs this up), and the audit row commits with the change or not at all.
// Both are idempotent: asking for the state that already holds changes nothing.

type Actor = { id: string; name: string; email: string };

export type ChangeLogAccessOptions = { installationId: string; actor: Actor; meta: RequestMeta; now?: Date };

/** Locks the installation row for the rest of the transaction; every change to its access (and its access requests) starts here. */
export async function lockInstallation(tx: Prisma.TransactionClient, installationId: string) {
  await tx.$queryRaw`SELECT id FROM installations WHERE id = ${installationId} FOR UPDATE`;
  const installation = await tx.installation.findUniqueOrThrow({
    where: { id: installationId },
    include: { app: { include: { vendor: true } }, site: { include: { organization: true } } },
  });
  const scope: AuditScope = {
    organizationId: installation.site.organizationId,
    siteId: installation.siteId,
    installationId,
    vendorId: installation.app.vendorId,
  };
  return { installation, scope, policy: sharingPolicyOf(installation.site.organization) };
}

/**
 * `grantScope`: what the vendor may see (null: everything). Left out, a new
 * grant gets the organization's default scope and an open one keeps its own.
 */
export async function enableLogAccess(options: ChangeLogAccessOptions & { expiresAt: Date | null; grantScope?: GrantScope | null }) {
  const now = options.now ?? new Date();
  if (options.expiresAt && options.expiresAt <= now) {
    throw new AppError('unprocessable', 'expiresAt must be in the future.');
  }
  return db().$transaction(async (tx) => {
    const { installation, scope, policy } = await lockInstallation(tx, options.installationId);
    requirePaidApp(installation.app);
    refuseNeverSharedVendor(policy, installation.app.vendor);
    checkGrantEnd(policy, options.expiresAt, now);
    await settleExpiredGrants(tx, { installationId: installation.id }, now);
    const open = await tx.logAccessGrant.findFirst({ where: { installationId: installation.id, ...OPEN_GRANT_WHERE } });
    const details = { appName: installation.app.name, expiresAt: options.expiresAt?.toISOString() ?? null };

    if (open) {
      const openScope = storedGrantScope(open.scope);
      const grantScope = options.grantScope === undefined ? openScope : normalizeGrantScope(options.grantScope);
      const sameScope = JSON.stringify(grantScope) === JSON.stringify(openScope);
      if (sameInstant(open.expiresAt, options.expiresAt) && sameScope) return { changed: false };
      await tx.logAccessGrant.update({ where: { id: open.id }, data: { expiresAt: options.expiresAt, scope: grantScopeColumn(grantScope) } });
      await recordAuditEvent(tx, {
        action: 'LOG_ACCESS_ENABLED',
        actor: actorOf(options.actor),
        scope,
        details: {
          ...details,
          grantId: open.id,
          previousExpiresAt: open.expiresAt?.toISOString() ?? null,
          grantScope,
          ...(sameScope ? {} : { previousGrantScope: openScope }),
        },
        meta: options.meta,
      });
      return { changed: true };
    }
    const grantScope = options.grantScope === undefined ? policy.defaultGrantScope : normalizeGrantScope(options.grantScope);
    await openGrant(tx, { installation, scope, actor: actorOf(options.actor), meta: options.meta, now, expiresAt: options.expiresAt, source: 'ADMIN', grantScope });
    return { changed: true };
  });
}

/**
 * Opens a grant and writes its audit row. The caller holds the installation
 * lock and has settled expired grants, so no other grant is open.
 */
export async function openGrant(
  tx: Prisma.TransactionClient,
  options: {
    installation: { id: string; app: { name: string } };
    scope: AuditScope;
    /** Who opens it: a person, or the organization's policy (no user). */
    actor: AuditActor;
    meta: RequestMeta;
    now: Date;
    expiresAt: Date | null;
    source: GrantSource;
    accessRequestId?: string;
    /** What the vendor may see under the grant; null: everything. */
    grantScope: GrantScope | null;
  },
) {
  const grant = await tx.logAccessGrant.create({
    data: {
      installationId: options.installation.id,
      source: options.source,
      enabledById: options.actor.userId,
      enabledAt: options.now,
      expiresAt: options.expiresAt,
      accessRequestId: options.accessRequestId,
      scope: grantScopeColumn(options.grantScope),
    },
  });
  await recordAuditEvent(tx, {
    action: 'LOG_ACCESS_ENABLED',
    actor: options.actor,
    scope: options.scope,
    details: {
      appName: options.installation.app.name,
      expiresAt: options.expiresAt?.toISOString() ?? null,
      grantId: grant.id,
      grantScope: options.grantScope,
      ...(options.accessRequestId ? { accessRequestId: options.accessRequestId } : {}),
    },
    meta: options.meta,
  });
  return grant;
}

/** Turns access off; the admins' summary of what the vendor read under the grant is written with it and sent after the commit. */
export async function disableLogAccess(options: ChangeLogAccessOptions) {
  const now = options.now ?? new Date();
  const { changed, emailIds } = await db().$transaction(async (tx) => {
    const { installation, scope } = await lockInstallation(tx, options.installationId);
    await settleExpiredGrants(tx, { installationId: installation.id }, now);
    const open = await tx.logAccessGrant.findFirst({ where: { installationId: installation.id, ...OPEN_GRANT_WHERE } });
    if (!open) return { changed: false, emailIds: [] };
    await tx.logAccessGrant.update({ where: { id: open.id }, data: { disabledAt: now, disabledById: options.actor.id } });
    const actor = actorOf(options.actor);
    await recordAuditEvent(tx, {
      action: 'LOG_ACCESS_DISABLED',
      actor,
      scope,
      details: { appName: installation.app.name, grantId: open.id },
      meta: options.meta,
    });
    const emailIds = await enqueueGrantSummary(tx, { grantId: open.id, end: { at: now, by: 'disabled', actorLabel: actor.label }, now });
    return { changed: true, emailIds };
  });
  await deliverEmails(emailIds);
  return { changed };
}

/** A scope as the grant's JSON column stores it: SQL NULL for the full grant. */
export function grantScopeColumn(grantScope: GrantScope | null) {
  return grantScope ?? PrismaValues.DbNull;
}

function sameInstant(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}
