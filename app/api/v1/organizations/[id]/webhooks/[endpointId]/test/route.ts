import { NextResponse } from 'next/server';
import { apiRoute, requestMeta } from '@/lib/api/route';
import { requireApiViewer } from '@/lib/auth/guards';
import { requireWebhookManager } from '@/lib/auth/permissions';
import { pathId } from '@/lib/validations/path-id';
import { deliverDueWebhooks } from '@/lib/webhooks/deliver-webhooks';
import { findWebhookDelivery } from '@/lib/webhooks/list-webhook-deliveries';
import { queueTestWebhook } from '@/lib/webhooks/webhook-endpoints';

export const dynamic = 'force-dynamic';

/**
 * "Send test event": queues a `webhook.test` event and makes its first
 * attempt before answering, so the admin sees at once what the endpoint
 * said; a failed one is retried like any delivery.
 */
export const POST = apiRoute<{ id: string; endpointId: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const organizationId = pathId(params.id, 'organization');
  requireWebhookManager(viewer, organizationId);
  const endpointId = pathId(params.endpointId, 'webhook endpoint');
  const deliveryId = await queueTestWebhook({ organizationId, endpointId, actor: viewer, meta: requestMeta(request) });
  await deliverDueWebhooks({ ids: [deliveryId] });
  return NextResponse.json({ delivery: await findWebhookDelivery(endpointId, deliveryId) }, { status: 201 });
});
