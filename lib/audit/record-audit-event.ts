import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { AuditAction } from '@/lib/generated/prisma/enums';
import type { RequestMeta } from '@/lib/request-meta';

export type AuditActor = { userId: string | null; label: string };

/** What the event is about: a site's events carry organization and site; a vendor's, the vendor. */
export type AuditScope = { organizationId?: string; siteId?: string; installationId?: string; vendorId?: string };

export type AuditEventInput = {
  action: AuditAction;
  actor: AuditActor;
  scope: AuditScope;
  details?: Prisma.InputJsonObject;
  meta?: RequestMeta;
  occurredAt?: Date;
};

/** The row for one audit event, for `create` or `createMany`. */
export function auditEventData(event: AuditEventInput): Prisma.AuditEventCreateManyInput {
  return {
    action: event.action,
    actorUserId: event.actor.userId,
    actorLabel: event.actor.label,
    organizationId: event.scope.organizationId,
    siteId: event.scope.siteId,
    installationId: event.scope.installationId,
    vendorId: event.scope.vendorId,
    details: event.details ?? {},
    ipAddress: event.meta?.ipAddress ?? null,
    userAgent: event.meta?.userAgent ?? null,
    ...(event.occurredAt ? { occurredAt: event.occurredAt } : {}),
  };
}

/** Appends one audit row; call it inside the transaction of the change it records. */
export async function recordAuditEvent(tx: Prisma.TransactionClient, event: AuditEventInput) {
  await tx.auditEvent.create({ data: auditEventData(event) });
}

export function actorOf(user: { id: string; name: string; email: string }): AuditActor {
  return { userId: user.id, label: `${user.name} (${user.email})` };
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, label: 'Logshare' };
