import 'server-only';
import { invitationHasExpired, isInvitee, openInvitationsWhere } from '@/lib/auth/permissions';
import { db } from '@/lib/db/prisma';
import type { VendorRole } from '@/lib/generated/prisma/enums';
import { hashToken } from '@/lib/tokens/secret-tokens';

export type VendorInvitationJson = { id: string; email: string; role: VendorRole; invitedBy: string; createdAt: string; expiresAt: string; isExpired: boolean };

/** For the vendor's owners: the invitations nobody has answered yet, expired ones too (they can cancel or renew them). */
export async function listVendorInvitations(vendorId: string, now = new Date()): Promise<VendorInvitationJson[]> {
  const rows = await db().vendorInvitation.findMany({ where: { vendorId }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    invitedBy: r.invitedByLabel,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    isExpired: invitationHasExpired(r, now),
  }));
}

export type InvitationForInviteeJson = { id: string; vendor: { id: string; name: string }; role: VendorRole; invitedBy: string; expiresAt: string };

function inviteeJson(r: { id: string; role: VendorRole; invitedByLabel: string; expiresAt: Date; vendor: { id: string; name: string } }): InvitationForInviteeJson {
  return { id: r.id, vendor: { id: r.vendor.id, name: r.vendor.name }, role: r.role, invitedBy: r.invitedByLabel, expiresAt: r.expiresAt.toISOString() };
}

/** For the signed-in person: the open invitations addressed to their e-mail. */
export async function listOpenInvitationsFor(email: string, now = new Date()): Promise<InvitationForInviteeJson[]> {
  const rows = await db().vendorInvitation.findMany({
    where: openInvitationsWhere({ email }, now),
    include: { vendor: true },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
  return rows.map(inviteeJson);
}

/** The invitation page: the invitation of this link if it is addressed to this person, with whether it expired. */
export async function findInvitationByLink(options: { token: string; email: string; now?: Date }): Promise<(InvitationForInviteeJson & { isExpired: boolean }) | null> {
  const row = await db().vendorInvitation.findUnique({ where: { tokenHash: hashToken(options.token) }, include: { vendor: true } });
  if (!row || !isInvitee({ email: options.email }, row)) return null;
  return { ...inviteeJson(row), isExpired: invitationHasExpired(row, options.now ?? new Date()) };
}
