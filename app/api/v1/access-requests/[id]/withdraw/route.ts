import { NextResponse } from 'next/server';
import { requireVendorRequester } from '@/lib/auth/permissions';
import { accessRequestJson } from '@/lib/access-requests/access-request-json';
import { findAccessRequestForViewer } from '@/lib/access-requests/find-access-request-for-viewer';
import { withdrawAccessRequest } from '@/lib/access-requests/withdraw-access-request';
import { apiRoute, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiViewer } from '@/lib/auth/guards';

export const dynamic = 'force-dynamic';

/** The app's vendor (owners and developers) takes back a pending request. */
export const POST = apiRoute<{ id: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const { request: accessRequest } = await findAccessRequestForViewer({ viewer, requestId: pathId(params.id, 'access request') });
  requireVendorRequester(viewer, accessRequest.installation);
  const withdrawn = await withdrawAccessRequest({ requestId: accessRequest.id, actor: viewer, meta: requestMeta(request) });
  return NextResponse.json(accessRequestJson(withdrawn, 'vendor'));
});
