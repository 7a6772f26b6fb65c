import { NextResponse } from 'next/server';
import { apiRoute, readJson, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiViewer } from '@/lib/auth/guards';
import { changeVendorMemberSchema } from '@/lib/validations/vendor-members';
import { requireVendorOwner } from '@/lib/auth/permissions';
import { changeVendorMember, listVendorMembers } from '@/lib/vendors/vendor-members';

export const dynamic = 'force-dynamic';

type Params = { vendorId: string; memberId: string };

type Role = 'OWNER' | 'DEVELOPER' | 'VIEWER' | null;

/** Who may act is checked before the body is read: a stranger learns nothing from a 400. */
async function change(request: Request, params: Params, role: () => Promise<Role>) {
  const viewer = await requireApiViewer();
  const vendorId = pathId(params.vendorId, 'vendor');
  requireVendorOwner(viewer, vendorId);
  await changeVendorMember({ vendorId, memberId: pathId(params.memberId, 'member'), role: await role(), actor: viewer, meta: requestMeta(request) });
  return NextResponse.json({ members: await listVendorMembers(vendorId) });
}

/** `{ "role": "DEVELOPER" }` changes a member's role; owners only. */
export const PATCH = apiRoute<Params>(async (request, params) =>
  change(request, params, async () => changeVendorMemberSchema.parse(await readJson(request)).role),
);

/** Removes a member; owners only. */
export const DELETE = apiRoute<Params>(async (request, params) => change(request, params, async () => null));
