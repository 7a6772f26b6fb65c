import { NextResponse } from 'next/server';
import { apiRoute, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { revokeApiToken } from '@/lib/api-tokens/api-tokens';
import { requireApiViewer } from '@/lib/auth/guards';

export const dynamic = 'force-dynamic';

/** Revokes one of the signed-in person's tokens at once; idempotent. */
export const DELETE = apiRoute<{ id: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const token = await revokeApiToken({ user: viewer, tokenId: pathId(params.id, 'token'), meta: requestMeta(request) });
  return NextResponse.json(token);
});
