import { NextResponse } from 'next/server';
import { requireSiteAdminDecider } from '@/lib/auth/permissions';
import { accessRequestJson } from '@/lib/access-requests/access-request-json';
import { decideAccessRequest } from '@/lib/access-requests/decide-access-request';
import { findAccessRequestForViewer } from '@/lib/access-requests/find-access-request-for-viewer';
import { apiRoute, readJson, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiViewer } from '@/lib/auth/guards';
import { declineAccessRequestSchema } from '@/lib/validations/access-requests';

export const dynamic = 'force-dynamic';

/** `{ note }`: declines the request; the vendor sees the note. */
export const POST = apiRoute<{ id: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const { request: accessRequest } = await findAccessRequestForViewer({ viewer, requestId: pathId(params.id, 'access request') });
  requireSiteAdminDecider(viewer, accessRequest.installation);
  const input = declineAccessRequestSchema.parse(await readJson(request));
  const decided = await decideAccessRequest({
    requestId: accessRequest.id,
    actor: viewer,
    meta: requestMeta(request),
    decision: { kind: 'decline', note: input.note },
  });
  return NextResponse.json(accessRequestJson(decided, 'admin'));
});
