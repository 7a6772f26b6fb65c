import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/api/route';
import { requireApiViewer } from '@/lib/auth/guards';
import { revokeAllSessionsOf } from '@/lib/auth/sessions';

export const dynamic = 'force-dynamic';

/** "Sign out everywhere": ends every session of the signed-in person, this one included. Session only. */
export const POST = apiRoute(async () => {
  const viewer = await requireApiViewer();
  const revoked = await revokeAllSessionsOf(viewer.id);
  return NextResponse.json({ revoked });
});
