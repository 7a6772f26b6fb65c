import { NextResponse } from 'next/server';
import { apiRoute, requestMeta } from '@/lib/api/route';
import { requireApiViewer } from '@/lib/auth/guards';
import { requireWebhookManager } from '@/lib/auth/permissions';
import { pathId } from '@/lib/validations/path-id';
import { rotateWebhookSecret } from '@/lib/webhooks/webhook-endpoints';

export const dynamic = 'force-dynamic';

/** A new signing secret for the endpoint, shown in this answer only; the old one stops signing at once. */
export const POST = apiRoute<{ id: string; endpointId: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const organizationId = pathId(params.id, 'organization');
  requireWebhookManager(viewer, organizationId);
  const endpointId = pathId(params.endpointId, 'webhook endpoint');
  return NextResponse.json(await rotateWebhookSecret({ organizationId, endpointId, actor: viewer, meta: requestMeta(request) }));
});
