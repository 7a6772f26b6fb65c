import 'server-only';
import { AppError } from '@/lib/errors';
import type { RequestMeta } from '@/lib/request-meta';
import { actorOf, recordAuditEvent } from '@/lib/audit/record-audit-event';
import { invitationHasExpired, isInvitee } from '@/lib/auth/permissions';
import { db } from '@/lib/db/prisma';
import { formatUtcDateTime } from '@/lib/format';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { VendorRole } from '@/lib/generated/prisma/enums';
import { hashToken } from '@/lib/tokens/secret-tokens';

type Invitee = { id: string; name: string; email: string };

export type AnswerVendorInvitationOptions = { token: string; invitee: Invitee; meta: RequestMeta; now?: Date };

const NO_SUCH_INVITATION =
  'No invitation for your e-mail address matches this link: it was answered or cancelled, replaced by a newer one, or sent to another address (sign in with that one).';

/**
 * The addressee joins the vendor. Both must hold: the link's secret (it
 * proves the mailbox) and a session of the account with the invited address
 * (it proves the account). An expired invitation is refused; one already a
 * member keeps their role. The invitation is used up either way.
 */
export async function acceptVendorInvitation(options: AnswerVendorInvitationOptions): Promise<{ vendor: { id: string; name: string }; role: VendorRole }> {
  const now = options.now ?? new Date();
  return db().$transaction(async (tx) => {
    const invitation = await takeInvitation(tx, options, (found) => {
      if (invitationHasExpired(found, now)) {
        throw new AppError(
          'conflict',
          `This invitation expired on ${formatUtcDateTime(found.expiresAt.toISOString())}. Ask an owner of ${found.vendor.name} to invite you again.`,
        );
      }
    });
    const { count } = await tx.vendorMember.createMany({ data: [{ vendorId: invitation.vendorId, userId: options.invitee.id, role: invitation.role }], skipDuplicates: true });
    await recordAuditEvent(tx, {
      action: 'VENDOR_INVITATION_ACCEPTED',
      actor: actorOf(options.invitee),
      scope: { vendorId: invitation.vendorId },
      details: { invitationId: invitation.id, email: invitation.email, role: invitation.role, alreadyMember: count === 0 },
      meta: options.meta,
    });
    return { vendor: { id: invitation.vendor.id, name: invitation.vendor.name }, role: invitation.role };
  });
}

/** The addressee says no (an expired invitation too); same proof as accepting. */
export async function declineVendorInvitation(options: AnswerVendorInvitationOptions): Promise<void> {
  await db().$transaction(async (tx) => {
    const invitation = await takeInvitation(tx, options, () => undefined);
    await recordAuditEvent(tx, {
      action: 'VENDOR_INVITATION_DECLINED',
      actor: actorOf(options.invitee),
      scope: { vendorId: invitation.vendorId },
      details: { invitationId: invitation.id, email: invitation.email, role: invitation.role },
      meta: options.meta,
    });
  });
}

/**
 * Finds the invitation of this secret addressed to this account, lets `check`
 * refuse it, and deletes it; of two answers at once only one finds it. A
 * secret of someone else's invitation is answered like an unknown one.
 */
async function takeInvitation(tx: Prisma.TransactionClient, options: AnswerVendorInvitationOptions, check: (found: { expiresAt: Date; vendor: { name: string } }) => void) {
  const invitation = await tx.vendorInvitation.findUnique({ where: { tokenHash: hashToken(options.token) }, include: { vendor: true } });
  if (!invitation || !isInvitee(options.invitee, invitation)) throw new AppError('not_found', NO_SUCH_INVITATION);
  check(invitation);
  const { count } = await tx.vendorInvitation.deleteMany({ where: { id: invitation.id, tokenHash: invitation.tokenHash } });
  if (count === 0) throw new AppError('not_found', NO_SUCH_INVITATION);
  return invitation;
}
