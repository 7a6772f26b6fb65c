import 'server-only';
import { AppError } from '@/lib/api/errors';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/prisma';
import type { VendorRole } from '@/lib/generated/prisma/enums';

// Vendor roles: owners manage members; developers read production logs;
// viewers see apps and installations but no log lines.

/** The viewer's membership of the vendor, or a 404 for a vendor they do not belong to. */
export function requireVendorMembership(viewer: Viewer, vendorId: string) {
  const membership = viewer.vendors.find((v) => v.vendorId === vendorId);
  if (!membership) throw new AppError('not_found', 'No such vendor.');
  return membership;
}

export function requireVendorOwner(viewer: Viewer, vendorId: string) {
  if (requireVendorMembership(viewer, vendorId).role !== 'OWNER') throw new AppError('forbidden', 'Only owners of the vendor manage its members.');
}

export async function listVendorMembers(vendorId: string) {
  const members = await db().vendorMember.findMany({ where: { vendorId }, include: { user: true }, orderBy: { createdAt: 'asc' } });
  return members.map((m) => ({ id: m.id, email: m.user.email, name: m.user.name, role: m.role }));
}

export type VendorMemberJson = Awaited<ReturnType<typeof listVendorMembers>>[number];

export async function addVendorMember(options: { vendorId: string; email: string; role: VendorRole }) {
  const user = await db().user.findUnique({ where: { email: options.email } });
  if (!user) throw new AppError('unprocessable', `No Logshare account uses ${options.email}; they need one before they can join.`);
  const existing = await db().vendorMember.findUnique({ where: { vendorId_userId: { vendorId: options.vendorId, userId: user.id } } });
  if (existing) throw new AppError('conflict', `${options.email} is already a member.`);
  await db().vendorMember.create({ data: { vendorId: options.vendorId, userId: user.id, role: options.role } });
}

/** Changes a role or removes a member; the vendor always keeps at least one owner. */
export async function changeVendorMember(options: { vendorId: string; memberId: string; role: VendorRole | null }) {
  await db().$transaction(async (tx) => {
    // Lock the vendor's members so two owners cannot demote each other at once.
    await tx.$queryRaw`SELECT id FROM vendor_members WHERE vendor_id = ${options.vendorId} FOR UPDATE`;
    const member = await tx.vendorMember.findFirst({ where: { id: options.memberId, vendorId: options.vendorId } });
    if (!member) throw new AppError('not_found', 'No such member.');
    if (member.role === 'OWNER' && options.role !== 'OWNER') {
      const owners = await tx.vendorMember.count({ where: { vendorId: options.vendorId, role: 'OWNER' } });
      if (owners <= 1) throw new AppError('conflict', 'A vendor needs at least one owner.');
    }
    if (options.role) await tx.vendorMember.update({ where: { id: member.id }, data: { role: options.role } });
    else await tx.vendorMember.delete({ where: { id: member.id } });
  });
}
