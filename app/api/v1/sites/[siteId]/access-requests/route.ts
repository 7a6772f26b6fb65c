import { NextResponse } from 'next/server';
import { listAccessRequests } from '@/lib/access-requests/list-access-requests';
import { apiRoute } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiViewer } from '@/lib/auth/guards';
import { requireSiteAdmin } from '@/lib/auth/permissions';
import { accessRequestListQuerySchema } from '@/lib/validations/access-requests';

export const dynamic = 'force-dynamic';

/** `?status=pending`: the site's access requests, pending first; for the site's admins (404 for anyone else). */
export const GET = apiRoute<{ siteId: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const siteId = pathId(params.siteId, 'site');
  requireSiteAdmin(viewer, siteId);
  const query = accessRequestListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json({ accessRequests: await listAccessRequests({ scope: { siteId }, view: 'admin', status: query.status }) });
});
