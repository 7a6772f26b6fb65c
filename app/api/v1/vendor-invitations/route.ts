import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/api/route';
import { requireApiViewer } from '@/lib/auth/guards';
import { listOpenInvitationsFor } from '@/lib/vendors/list-vendor-invitations';

export const dynamic = 'force-dynamic';

/** The open invitations addressed to the signed-in person's e-mail. */
export const GET = apiRoute(async () => {
  const viewer = await requireApiViewer();
  return NextResponse.json({ invitations: await listOpenInvitationsFor(viewer.email) });
});
