import { NextResponse } from 'next/server';
import { apiRoute, pathId, readJson } from '@/lib/api/route';
import { requireApiViewer } from '@/lib/auth/guards';
import { addVendorMemberSchema } from '@/lib/validations/vendor-members';
import { addVendorMember, listVendorMembers, requireVendorMembership, requireVendorOwner } from '@/lib/vendors/vendor-members';

export const dynamic = 'force-dynamic';

type Params = { vendorId: string };

/** The vendor's members, for any member. */
export const GET = apiRoute<Params>(async (_request, params) => {
  const viewer = await requireApiViewer();
  const vendorId = pathId(params.vendorId, 'vendor');
  requireVendorMembership(viewer, vendorId);
  return NextResponse.json({ members: await listVendorMembers(vendorId) });
});

/** Adds a member; owners only. */
export const POST = apiRoute<Params>(async (request, params) => {
  const viewer = await requireApiViewer();
  const vendorId = pathId(params.vendorId, 'vendor');
  requireVendorOwner(viewer, vendorId);
  await addVendorMember({ vendorId, ...addVendorMemberSchema.parse(await readJson(request)) });
  return NextResponse.json({ members: await listVendorMembers(vendorId) }, { status: 201 });
});
