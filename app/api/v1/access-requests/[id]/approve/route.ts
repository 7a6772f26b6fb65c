import { NextResponse } from 'next/server';
import { requireSiteAdminDecider } from '@/lib/auth/permissions';
import { accessRequestJson } from '@/lib/access-requests/access-request-json';
import { decideAccessRequest } from '@/lib/access-requests/decide-access-request';
import { findAccessRequestForViewer } from '@/lib/access-requests/find-access-request-for-viewer';
import { apiRoute, readJson, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiViewer } from '@/lib/auth/guards';
import { approveAccessRequestSchema } from '@/lib/validations/access-requests';

export const dynamic = 'force-dynamic';

/** `{ expiresAt?: ISO-8601 | null }`: shares the logs (until the requested end date unless given) and closes the request. */
export const POST = apiRoute<{ id: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const { request: accessRequest } = await findAccessRequestForViewer({ viewer, requestId: pathId(params.id, 'access request') });
  requireSiteAdminDecider(viewer, accessRequest.installation);
  const input = approveAccessRequestSchema.parse(await readJson(request));
  const decided = await decideAccessRequest({
    requestId: accessRequest.id,
    actor: viewer,
    meta: requestMeta(request),
    decision: { kind: 'approve', expiresAt: input.expiresAt, ...(input.scope !== undefined ? { grantScope: input.scope } : {}) },
  });
  return NextResponse.json(accessRequestJson(decided, 'admin'));
});
