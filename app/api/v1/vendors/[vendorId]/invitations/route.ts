import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiViewer } from '@/lib/auth/guards';
import { listVendorInvitations } from '@/lib/vendors/list-vendor-invitations';
import { requireVendorOwner } from '@/lib/auth/permissions';

export const dynamic = 'force-dynamic';

/** The vendor's unanswered invitations; owners only. */
export const GET = apiRoute<{ vendorId: string }>(async (_request, params) => {
  const viewer = await requireApiViewer();
  const vendorId = pathId(params.vendorId, 'vendor');
  requireVendorOwner(viewer, vendorId);
  return NextResponse.json({ invitations: await listVendorInvitations(vendorId) });
});
