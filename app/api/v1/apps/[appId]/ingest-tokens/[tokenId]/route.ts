import { NextResponse } from 'next/server';
import { apiRoute, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiViewer } from '@/lib/auth/guards';
import { revokeIngestToken } from '@/lib/ingest-tokens/ingest-tokens';

export const dynamic = 'force-dynamic';

/** Revokes an ingest token at once; idempotent. Owners and developers of the app's vendor. */
export const DELETE = apiRoute<{ appId: string; tokenId: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const token = await revokeIngestToken({ viewer, appId: pathId(params.appId, 'app'), tokenId: pathId(params.tokenId, 'token'), meta: requestMeta(request) });
  return NextResponse.json(token);
});
