import { NextResponse } from 'next/server';
import { apiRoute, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiViewer } from '@/lib/auth/guards';
import { cancelVendorInvitation } from '@/lib/vendors/cancel-vendor-invitation';
import { listVendorInvitations } from '@/lib/vendors/list-vendor-invitations';
import { requireVendorOwner } from '@/lib/auth/permissions';

export const dynamic = 'force-dynamic';

/** Cancels an invitation; owners only. */
export const DELETE = apiRoute<{ vendorId: string; invitationId: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const vendorId = pathId(params.vendorId, 'vendor');
  requireVendorOwner(viewer, vendorId);
  await cancelVendorInvitation({ vendorId, invitationId: pathId(params.invitationId, 'invitation'), actor: viewer, meta: requestMeta(request) });
  return NextResponse.json({ invitations: await listVendorInvitations(vendorId) });
});
