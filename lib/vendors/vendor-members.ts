import 'server-only';
import { AppError } from '@/lib/errors';
import type { RequestMeta } from '@/lib/request-meta';
import { actorOf, recordAuditEvent } from '@/lib/audit/record-audit-event';
import { db } from '@/lib/db/prisma';
import type { VendorRole } from '@/lib/generated/prisma/enums';

// A vendor's members; who may manage them is lib/auth/permissions.ts (requireVendorOwner).

export async function listVendorMembers(vendorId: string) {
  const members = await db().vendorMember.findMany({ where: { vendorId }, include: { user: true }, orderBy: { createdAt: 'asc' } });
  return members.map((m) => ({ id: m.id, email: m.user.email, name: m.user.name, role: m.role }));
}

export type VendorMemberJson = Awaited<ReturnType<typeof listVendorMembers>>[number];

/** Changes a role or removes a member; the vendor always keeps at least one owner. */
export async function changeVendorMember(options: {
  vendorId: string;
  memberId: string;
  role: VendorRole | null;
  actor: { id: string; name: string; email: string };
  meta: RequestMeta;
}) {
  await db().$transaction(async (tx) => {
    // Lock the vendor's members so two owners cannot demote each other at once.
    await tx.$queryRaw`SELECT id FROM vendor_members WHERE vendor_id = ${options.vendorId} FOR UPDATE`;
    const member = await tx.vendorMember.findFirst({ where: { id: options.memberId, vendorId: options.vendorId }, include: { user: true } });
    if (!member) throw new AppError('not_found', 'No such member.');
    if (member.role === 'OWNER' && options.role !== 'OWNER') {
      const owners = await tx.vendorMember.count({ where: { vendorId: options.vendorId, role: 'OWNER' } });
      if (owners <= 1) throw new AppError('conflict', 'A vendor needs at least one owner.');
    }
    if (options.role === member.role) return;
    if (options.role) await tx.vendorMember.update({ where: { id: member.id }, data: { role: options.role } });
    else await tx.vendorMember.delete({ where: { id: member.id } });
    await recordAuditEvent(tx, {
      action: options.role ? 'VENDOR_MEMBER_ROLE_CHANGED' : 'VENDOR_MEMBER_REMOVED',
      actor: actorOf(options.actor),
      scope: { vendorId: options.vendorId },
      details: { memberId: member.id, email: member.user.email, previousRole: member.role, ...(options.role ? { role: options.role } : {}) },
      meta: options.meta,
    });
  });
}
