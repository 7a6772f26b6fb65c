import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/api/route';
import { requireApiViewer } from '@/lib/auth/guards';
import { requireWebhookReader } from '@/lib/auth/permissions';
import { pathId } from '@/lib/validations/path-id';
import { webhookDeliveriesQuerySchema } from '@/lib/validations/webhooks';
import { listWebhookDeliveries } from '@/lib/webhooks/list-webhook-deliveries';
import { findWebhookEndpoint } from '@/lib/webhooks/webhook-endpoints';

export const dynamic = 'force-dynamic';

/** The endpoint's delivery log, newest first, keyset-paged (`cursor`, `limit` up to 100). */
export const GET = apiRoute<{ id: string; endpointId: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const organizationId = pathId(params.id, 'organization');
  requireWebhookReader(viewer, organizationId);
  const endpoint = await findWebhookEndpoint(organizationId, pathId(params.endpointId, 'webhook endpoint'));
  const query = webhookDeliveriesQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json(await listWebhookDeliveries({ endpointId: endpoint.id, ...query }));
});
