import 'server-only';
import type { RequestMeta } from '@/lib/request-meta';
import { actorOf, recordAuditEvent } from '@/lib/audit/record-audit-event';
import { db } from '@/lib/db/prisma';
import { deliverEmails, enqueueEmails } from '@/lib/email/send-email';
import type { VendorRole } from '@/lib/generated/prisma/enums';
import { hashToken, mintSecret } from '@/lib/tokens/secret-tokens';
import { vendorInvitationEmail } from '@/lib/vendors/vendor-invitation-email';

export const INVITATION_TTL_DAYS = 7;

export type InvitationReceipt = { email: string; role: VendorRole; expiresAt: string };

/**
 * An owner invites an address to the vendor. The answer is the same whether
 * or not an account uses the address, so it tells nobody who has one; no
 * membership exists until the addressee accepts. Inviting again replaces the
 * pending invitation (new link, role and end date; the old link stops
 * working). Inviting a member changes nothing and sends nothing.
 */
export async function inviteVendorMember(options: {
  vendorId: string;
  email: string;
  role: VendorRole;
  actor: { id: string; name: string; email: string };
  meta: RequestMeta;
  now?: Date;
}): Promise<InvitationReceipt> {
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000);
  const secret = mintSecret();
  const emailIds = await db().$transaction(async (tx) => {
    const vendor = await tx.vendor.findUniqueOrThrow({ where: { id: options.vendorId } });
    const member = await tx.vendorMember.findFirst({ where: { vendorId: vendor.id, user: { email: options.email } } });
    if (member) return [];
    const invitedBy = actorOf(options.actor).label;
    const data = { role: options.role, tokenHash: hashToken(secret), invitedById: options.actor.id, invitedByLabel: invitedBy, createdAt: now, expiresAt };
    const invitation = await tx.vendorInvitation.upsert({
      where: { vendorId_email: { vendorId: vendor.id, email: options.email } },
      create: { vendorId: vendor.id, email: options.email, ...data },
      update: data,
    });
    await recordAuditEvent(tx, {
      action: 'VENDOR_INVITATION_SENT',
      actor: actorOf(options.actor),
      scope: { vendorId: vendor.id },
      details: { invitationId: invitation.id, email: options.email, role: options.role, expiresAt: expiresAt.toISOString() },
      meta: options.meta,
    });
    return enqueueEmails(tx, [vendorInvitationEmail({ email: options.email, role: options.role, vendorName: vendor.name, invitedBy: options.actor.name, expiresAt, secret })]);
  });
  await deliverEmails(emailIds);
  return { email: options.email, role: options.role, expiresAt: expiresAt.toISOString() };
}
