import { NextResponse } from 'next/server';
import { apiRoute, readJson, requestMeta } from '@/lib/api/route';
import { requireApiViewer } from '@/lib/auth/guards';
import { answerInvitationSchema } from '@/lib/validations/vendor-members';
import { declineVendorInvitation } from '@/lib/vendors/answer-vendor-invitation';

export const dynamic = 'force-dynamic';

/** `{ token }` from the invitation link: the signed-in addressee says no. */
export const POST = apiRoute(async (request) => {
  const viewer = await requireApiViewer();
  const { token } = answerInvitationSchema.parse(await readJson(request));
  await declineVendorInvitation({ token, invitee: viewer, meta: requestMeta(request) });
  return NextResponse.json({ declined: true });
});
