import 'server-only';
import { accessRequestInclude } from '@/lib/access-requests/access-request-json';
import { lockPendingAccessRequest } from '@/lib/access-requests/lock-pending-access-request';
import { AppError } from '@/lib/errors';
import type { RequestMeta } from '@/lib/request-meta';
import { actorOf, recordAuditEvent, type AuditActor } from '@/lib/audit/record-audit-event';
import type { Prisma } from '@/lib/generated/prisma/client';
import { OPEN_GRANT_WHERE, requirePaidApp } from '@/lib/auth/permissions';
import { db } from '@/lib/db/prisma';
import { openGrant } from '@/lib/log-access/change-log-access';
import { settleExpiredGrants } from '@/lib/log-access/settle-expired-grants';
import { checkGrantEnd, refuseNeverSharedVendor } from '@/lib/organizations/sharing-policy';
import { normalizeGrantScope, type GrantScope } from '@/lib/validations/grant-scope';

/** Approve: without expiresAt the requested end date holds; null shares without an end date. Decline: a note says why. */
/** Approve's grantScope: what the vendor may see (null: everything); left out, the organization's default scope. */
export type AccessDecision = { kind: 'approve'; expiresAt?: Date | null; grantScope?: GrantScope | null } | { kind: 'decline'; note: string };

export type DecideAccessRequestOptions = {
  requestId: string;
  actor: { id: string; name: string; email: string };
  meta: RequestMeta;
  decision: AccessDecision;
  now?: Date;
};

/**
 * A site admin approves or declines a pending request. Approving opens the
 * grant, closes the request and writes both audit rows in one transaction
 * under the installation's lock; if the logs are shared already (an admin
 * enabled them meanwhile), the request is closed as approved without a
 * second grant. Approving an extension request moves the end of the grant
 * that shares (no second grant; the grant's history is its audit rows).
 * Deciding a request that is no longer pending is a 409.
 */
export async function decideAccessRequest(options: DecideAccessRequestOptions) {
  const now = options.now ?? new Date();
  const { decision } = options;
  const actor = actorOf(options.actor);
  return db().$transaction(async (tx) => {
    const { request, installation, scope, policy } = await lockPendingAccessRequest(tx, options.requestId);
    const decided = { decidedById: options.actor.id, decidedAt: now };
    const appName = installation.app.name;

    if (decision.kind === 'decline') {
      await tx.accessRequest.update({ where: { id: request.id }, data: { ...decided, status: 'DECLINED', decisionNote: decision.note } });
      await recordAuditEvent(tx, {
        action: 'ACCESS_REQUEST_DECLINED',
        actor,
        scope,
        details: { appName, accessRequestId: request.id, note: decision.note, ...(request.extendsGrantId ? { extendsGrantId: request.extendsGrantId } : {}) },
        meta: options.meta,
      });
      return tx.accessRequest.findUniqueOrThrow({ where: { id: request.id }, include: accessRequestInclude });
    }

    const expiresAt = decision.expiresAt === undefined ? request.requestedExpiresAt : decision.expiresAt;
    if (expiresAt && expiresAt <= now) {
      throw new AppError(
        'unprocessable',
        decision.expiresAt === undefined
          ? 'The end date the vendor asked for has passed; choose another end date, or none.'
          : 'expiresAt must be in the future.',
      );
    }
    checkGrantEnd(policy, expiresAt, now);
    const grantScope = decision.grantScope === undefined ? policy.defaultGrantScope : normalizeGrantScope(decision.grantScope);
    await approveLockedRequest(tx, { request, installation, scope, policy, actor, decidedById: options.actor.id, expiresAt, now, meta: options.meta, grantScope });
    return tx.accessRequest.findUniqueOrThrow({ where: { id: request.id }, include: accessRequestInclude });
  });
}

type Locked = Awaited<ReturnType<typeof lockPendingAccessRequest>>;

/**
 * Approves a pending request whose installation the caller has locked:
 * opens the grant (unless the logs are shared already), closes the request
 * and writes the audit rows. `decidedById` is null when the organization's
 * policy approved it (then `actor` says so).
 */
export async function approveLockedRequest(
  tx: Prisma.TransactionClient,
  options: Locked & { actor: AuditActor; decidedById: string | null; expiresAt: Date | null; now: Date; meta: RequestMeta; byPolicy?: boolean; grantScope: GrantScope | null },
) {
  const { request, installation, scope, policy, actor, now, expiresAt } = options;
  requirePaidApp(installation.app);
  refuseNeverSharedVendor(policy, installation.app.vendor);
  await settleExpiredGrants(tx, { installationId: installation.id }, now);
  const open = await tx.logAccessGrant.findFirst({ where: { installationId: installation.id, ...OPEN_GRANT_WHERE } });
  const byPolicy = options.byPolicy ? { byPolicy: true } : {};
  // An extension moves the end of the grant that shares now (the one it named, unless an admin replaced it meanwhile);
  // if access ended before the decision, a new grant opens as for any request, and one without an end date stays as it is.
  if (request.extendsGrantId && open?.expiresAt) {
    const extension = { appName: installation.app.name, grantId: open.id, expiresAt: expiresAt?.toISOString() ?? null, previousExpiresAt: open.expiresAt.toISOString() };
    await tx.logAccessGrant.update({ where: { id: open.id }, data: { expiresAt } });
    await recordAuditEvent(tx, { action: 'LOG_ACCESS_ENABLED', actor, scope, details: { ...extension, accessRequestId: request.id }, meta: options.meta });
    await closeApproved(tx, options);
    await recordAuditEvent(tx, {
      action: 'ACCESS_REQUEST_APPROVED',
      actor,
      scope,
      details: { ...extension, accessRequestId: request.id, extendsGrantId: request.extendsGrantId, ...byPolicy },
      meta: options.meta,
    });
    return;
  }
  const grant = open ? null : await openGrant(tx, { installation, scope, actor, meta: options.meta, now, expiresAt, source: 'ACCESS_REQUEST', accessRequestId: request.id, grantScope: options.grantScope });
  const extending = request.extendsGrantId ? { extendsGrantId: request.extendsGrantId } : {};
  await closeApproved(tx, options);
  await recordAuditEvent(tx, {
    action: 'ACCESS_REQUEST_APPROVED',
    actor,
    scope,
    details: grant
      ? { appName: installation.app.name, accessRequestId: request.id, grantId: grant.id, expiresAt: expiresAt?.toISOString() ?? null, grantScope: options.grantScope, ...extending, ...byPolicy }
      : { appName: installation.app.name, accessRequestId: request.id, alreadyShared: true, ...extending, ...byPolicy },
    meta: options.meta,
  });
}

async function closeApproved(tx: Prisma.TransactionClient, options: Locked & { decidedById: string | null; now: Date; byPolicy?: boolean }) {
  await tx.accessRequest.update({
    where: { id: options.request.id },
    data: {
      decidedById: options.decidedById,
      decidedAt: options.now,
      status: 'APPROVED',
      ...(options.byPolicy ? { decisionNote: `Approved by ${options.policy.name}'s policy.` } : {}),
    },
  });
}
