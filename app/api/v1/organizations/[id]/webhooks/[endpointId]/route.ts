import { NextResponse } from 'next/server';
import { apiRoute, readJson, requestMeta } from '@/lib/api/route';
import { requireApiViewer } from '@/lib/auth/guards';
import { requireWebhookManager } from '@/lib/auth/permissions';
import { pathId } from '@/lib/validations/path-id';
import { updateWebhookSchema } from '@/lib/validations/webhooks';
import { webhookAddressPolicy } from '@/lib/webhooks/webhook-address';
import { deleteWebhookEndpoint, updateWebhookEndpoint } from '@/lib/webhooks/webhook-endpoints';

export const dynamic = 'force-dynamic';

type Params = { id: string; endpointId: string };

/** Changes the URL, the event types or whether the endpoint is enabled; organization admins only. */
export const PATCH = apiRoute<Params>(async (request, params) => {
  const viewer = await requireApiViewer();
  const organizationId = pathId(params.id, 'organization');
  requireWebhookManager(viewer, organizationId);
  const endpointId = pathId(params.endpointId, 'webhook endpoint');
  const input = updateWebhookSchema.parse(await readJson(request));
  const endpoint = await updateWebhookEndpoint({ organizationId, endpointId, input, actor: viewer, meta: requestMeta(request), urlCheck: { policy: webhookAddressPolicy() } });
  return NextResponse.json({ endpoint });
});

/** Deletes the endpoint with its delivery log. */
export const DELETE = apiRoute<Params>(async (request, params) => {
  const viewer = await requireApiViewer();
  const organizationId = pathId(params.id, 'organization');
  requireWebhookManager(viewer, organizationId);
  const endpointId = pathId(params.endpointId, 'webhook endpoint');
  await deleteWebhookEndpoint({ organizationId, endpointId, actor: viewer, meta: requestMeta(request) });
  return new Response(null, { status: 204 });
});
