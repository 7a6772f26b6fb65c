import { NextResponse } from 'next/server';
import { apiRoute, readJson, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiViewer } from '@/lib/auth/guards';
import { inviteVendorMemberSchema } from '@/lib/validations/vendor-members';
import { inviteVendorMember } from '@/lib/vendors/invite-vendor-member';
import { requireVendorMembership, requireVendorOwner } from '@/lib/auth/permissions';
import { listVendorMembers } from '@/lib/vendors/vendor-members';

export const dynamic = 'force-dynamic';

type Params = { vendorId: string };

/** The vendor's members, for any member. */
export const GET = apiRoute<Params>(async (_request, params) => {
  const viewer = await requireApiViewer();
  const vendorId = pathId(params.vendorId, 'vendor');
  requireVendorMembership(viewer, vendorId);
  return NextResponse.json({ members: await listVendorMembers(vendorId) });
});

/**
 * Invites a person by e-mail address; owners only. 202 with the same body
 * whether or not the address has an account (or is already a member): the
 * answer tells nobody who uses Logshare. They join when they accept.
 */
export const POST = apiRoute<Params>(async (request, params) => {
  const viewer = await requireApiViewer();
  const vendorId = pathId(params.vendorId, 'vendor');
  requireVendorOwner(viewer, vendorId);
  const { email, role } = inviteVendorMemberSchema.parse(await readJson(request));
  const invitation = await inviteVendorMember({ vendorId, email, role, actor: viewer, meta: requestMeta(request) });
  return NextResponse.json({ invitation }, { status: 202 });
});
