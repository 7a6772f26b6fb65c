import 'server-only';
import { AppError } from '@/lib/errors';
import type { RequestMeta } from '@/lib/request-meta';
import { actorOf, recordAuditEvent } from '@/lib/audit/record-audit-event';
import { db } from '@/lib/db/prisma';

/** An owner takes back a pending (or expired) invitation; its link stops working. */
export async function cancelVendorInvitation(options: { vendorId: string; invitationId: string; actor: { id: string; name: string; email: string }; meta: RequestMeta }) {
  await db().$transaction(async (tx) => {
    const invitation = await tx.vendorInvitation.findFirst({ where: { id: options.invitationId, vendorId: options.vendorId } });
    const { count } = invitation ? await tx.vendorInvitation.deleteMany({ where: { id: invitation.id } }) : { count: 0 };
    if (!invitation || count === 0) throw new AppError('not_found', 'No such invitation.');
    await recordAuditEvent(tx, {
      action: 'VENDOR_INVITATION_CANCELLED',
      actor: actorOf(options.actor),
      scope: { vendorId: options.vendorId },
      details: { invitationId: invitation.id, email: invitation.email, role: invitation.role },
      meta: options.meta,
    });
  });
}
