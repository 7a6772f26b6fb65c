import 'server-only';
import { accessRequestEmails } from '@/lib/access-requests/access-request-emails';
import { accessRequestInclude, toDbReasonCode } from '@/lib/access-requests/access-request-json';
import type { ReasonCode } from '@/lib/validations/access-requests';
import { AppError } from '@/lib/errors';
import type { RequestMeta } from '@/lib/request-meta';
import { actorOf, recordAuditEvent } from '@/lib/audit/record-audit-event';
import { grantIsActive, OPEN_GRANT_WHERE, requirePaidApp } from '@/lib/auth/permissions';
import { db } from '@/lib/db/prisma';
import type { Prisma } from '@/lib/generated/prisma/client';
import { deliverEmails, enqueueEmails } from '@/lib/email/send-email';
import { formatUtcDateTime } from '@/lib/format';
import { lockInstallation } from '@/lib/log-access/change-log-access';
import { approveLockedRequest } from '@/lib/access-requests/decide-access-request';
import { approvesByPolicy, latestGrantEnd, refuseNeverSharedVendor } from '@/lib/organizations/sharing-policy';

export type CreateAccessRequestOptions = {
  installationId: string;
  actor: { id: string; name: string; email: string };
  meta: RequestMeta;
  reason: string;
  /** The kind of reason (`other` when not given) and, for a customer-reported problem, its ticket. */
  reasonCode?: ReasonCode;
  ticketReference?: string | null;
  expiresAt: Date | null;
  /** An extension request: the installation's current grant, whose end expiresAt (required then) moves later. */
  extendsGrantId?: string;
  now?: Date;
};

/**
 * A vendor asks a site for its app's logs. Under the installation's row lock,
 * so of two simultaneous requests one wins and the other is a 409 (the
 * partial unique index backs this up). The request, its audit row and the
 * e-mails to the site's admins commit together; the e-mails go out over
 * SMTP only after the commit. A vendor the organization never shares with
 * cannot ask (403); a request the organization's policy approves (its vendor
 * and kind of reason are listed) is approved in the same transaction, within
 * the policy's longest grant, and no admin is asked.
 *
 * An extension request names the installation's active grant, which must
 * have an end date, and proposes a later one; it is made, told to the
 * admins, approved by the policy and decided like any other request.
 */
export async function createAccessRequest(options: CreateAccessRequestOptions) {
  const now = options.now ?? new Date();
  const reasonCode = options.reasonCode ?? 'other';
  const ticketReference = options.ticketReference ?? null;
  if (reasonCode === 'customer_reported' && !ticketReference) throw new AppError('bad_request', 'A customer-reported problem names its ticket (ticketReference).');
  if (options.expiresAt && options.expiresAt <= now) {
    throw new AppError('unprocessable', 'expiresAt must be in the future.');
  }
  const { request, emailIds } = await db().$transaction(async (tx) => {
    const { installation, scope, policy } = await lockInstallation(tx, options.installationId);
    const { app, site } = installation;
    requirePaidApp(app);
    refuseNeverSharedVendor(policy, app.vendor);
    const extended = options.extendsGrantId ? await findExtendedGrant(tx, { ...options, extendsGrantId: options.extendsGrantId, installationId: installation.id, now }) : null;
    if (!extended) {
      const grants = await tx.logAccessGrant.findMany({ where: { installationId: installation.id, ...OPEN_GRANT_WHERE } });
      if (grants.some((g) => grantIsActive(g, now))) {
        throw new AppError('conflict', `${site.url} already shares ${app.name}'s logs with you; there is nothing to ask for (ask for more time on the grant instead).`);
      }
    }
    const pending = await tx.accessRequest.findFirst({ where: { installationId: installation.id, status: 'PENDING' } });
    if (pending) {
      throw new AppError(
        'conflict',
        `An access request for ${app.name} on ${site.url} is already waiting for the site's admins (sent ${formatUtcDateTime(pending.createdAt.toISOString())}). Wait for their answer or withdraw it first.`,
      );
    }

    const created = await tx.accessRequest.create({
      data: {
        installationId: installation.id,
        requestedById: options.actor.id,
        reason: options.reason,
        reasonCode: toDbReasonCode(reasonCode),
        ticketReference,
        requestedExpiresAt: options.expiresAt,
        extendsGrantId: extended?.id ?? null,
        extendsGrantEndsAt: extended?.expiresAt ?? null,
        createdAt: now,
      },
      include: accessRequestInclude,
    });
    await recordAuditEvent(tx, {
      action: 'ACCESS_REQUESTED',
      actor: actorOf(options.actor),
      scope,
      details: {
        appName: app.name,
        accessRequestId: created.id,
        expiresAt: options.expiresAt?.toISOString() ?? null,
        reason: options.reason,
        justification: { code: reasonCode, ticket: ticketReference },
        ...(extended ? { extendsGrantId: extended.id, grantExpiresAt: extended.expiresAt.toISOString() } : {}),
      },
      meta: options.meta,
    });
    // Within the policy's longest grant: the requested end date, or that limit when it asks for longer or none.
    const latest = latestGrantEnd(policy, now);
    const expiresAt = latest && (!options.expiresAt || options.expiresAt > latest) ? latest : options.expiresAt;
    // An extension the limit would turn into a shortening waits for an admin.
    const lengthens = !extended || (expiresAt !== null && expiresAt > extended.expiresAt);
    if (approvesByPolicy(policy, app.vendorId, created.reasonCode) && lengthens) {
      const actor = { userId: null, label: `${policy.name}'s policy` };
      await approveLockedRequest(tx, { request: created, installation, scope, policy, actor, decidedById: null, expiresAt, now, meta: options.meta, byPolicy: true, grantScope: policy.defaultGrantScope });
      return { request: await tx.accessRequest.findUniqueOrThrow({ where: { id: created.id }, include: accessRequestInclude }), emailIds: [] };
    }
    const emailIds = await enqueueEmails(tx, await accessRequestEmails(tx, created));
    return { request: created, emailIds };
  });
  await deliverEmails(emailIds);
  return request;
}

/** The grant an extension request names: this installation's active grant with an end date before the proposed one. */
async function findExtendedGrant(
  tx: Prisma.TransactionClient,
  options: { extendsGrantId: string; installationId: string; expiresAt: Date | null; now: Date },
): Promise<{ id: string; expiresAt: Date }> {
  const grant = await tx.logAccessGrant.findFirst({ where: { id: options.extendsGrantId, installationId: options.installationId } });
  if (!grant) throw new AppError('not_found', 'No such grant on this installation.');
  if (!grantIsActive(grant, options.now)) throw new AppError('conflict', 'This grant has ended; ask for access instead of more time.');
  if (!grant.expiresAt) throw new AppError('conflict', 'This grant has no end date; there is no more time to ask for.');
  if (!options.expiresAt) throw new AppError('bad_request', 'An extension proposes the new end date (expiresAt).');
  if (options.expiresAt <= grant.expiresAt) {
    throw new AppError('unprocessable', `The new end date must be after the grant's current end, ${formatUtcDateTime(grant.expiresAt.toISOString())}.`);
  }
  return { id: grant.id, expiresAt: grant.expiresAt };
}
