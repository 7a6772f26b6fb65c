import 'server-only';
import { accessRequestInclude } from '@/lib/access-requests/access-request-json';
import { lockPendingAccessRequest } from '@/lib/access-requests/lock-pending-access-request';
import type { RequestMeta } from '@/lib/request-meta';
import { actorOf, recordAuditEvent } from '@/lib/audit/record-audit-event';
import { db } from '@/lib/db/prisma';

export type WithdrawAccessRequestOptions = {
  requestId: string;
  actor: { id: string; name: string; email: string };
  meta: RequestMeta;
  now?: Date;
};

/** The vendor takes back a pending request; the site's admins no longer see it waiting. */
export async function withdrawAccessRequest(options: WithdrawAccessRequestOptions) {
  const now = options.now ?? new Date();
  return db().$transaction(async (tx) => {
    const { request, installation, scope } = await lockPendingAccessRequest(tx, options.requestId);
    await tx.accessRequest.update({ where: { id: request.id }, data: { status: 'WITHDRAWN', decidedById: options.actor.id, decidedAt: now } });
    await recordAuditEvent(tx, {
      action: 'ACCESS_REQUEST_WITHDRAWN',
      actor: actorOf(options.actor),
      scope,
      details: { appName: installation.app.name, accessRequestId: request.id },
      meta: options.meta,
    });
    return tx.accessRequest.findUniqueOrThrow({ where: { id: request.id }, include: accessRequestInclude });
  });
}
