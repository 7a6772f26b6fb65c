import { NextResponse } from 'next/server';
import { requireVendorRequester } from '@/lib/auth/permissions';
import { accessRequestJson } from '@/lib/access-requests/access-request-json';
import { createAccessRequest } from '@/lib/access-requests/create-access-request';
import { listAccessRequests } from '@/lib/access-requests/list-access-requests';
import { apiRoute, readJson, requestMeta } from '@/lib/api/route';
import { requireApiInstallation } from '@/lib/installations/find-installation-for-viewer';
import { createAccessRequestSchema } from '@/lib/validations/access-requests';

export const dynamic = 'force-dynamic';

type Params = { id: string };

const load = (params: Params) => requireApiInstallation(params.id);

/** The installation's access requests, pending first; for the site's admins and the app's vendor. */
export const GET = apiRoute<Params>(async (_request, params) => {
  const { installation, access } = await load(params);
  return NextResponse.json({ accessRequests: await listAccessRequests({ scope: { installationId: installation.id }, view: access }) });
});

/** `{ reason, reasonCode?, ticketReference?, expiresAt?, extendsGrantId? }`: the app's vendor (owners and developers) asks the site for its logs, or for more time on its grant. */
export const POST = apiRoute<Params>(async (request, params) => {
  const { viewer, installation } = await load(params);
  requireVendorRequester(viewer, installation);
  const input = createAccessRequestSchema.parse(await readJson(request));
  const created = await createAccessRequest({
    installationId: installation.id,
    actor: viewer,
    meta: requestMeta(request),
    reason: input.reason,
    reasonCode: input.reasonCode,
    ticketReference: input.ticketReference ?? null,
    expiresAt: input.expiresAt ?? null,
    extendsGrantId: input.extendsGrantId,
  });
  return NextResponse.json(accessRequestJson(created, 'vendor'), { status: 201 });
});
