import { NextResponse } from 'next/server';
import { apiRoute, readJson, requestMeta } from '@/lib/api/route';
import { requireApiViewer } from '@/lib/auth/guards';
import { requireWebhookManager, requireWebhookReader } from '@/lib/auth/permissions';
import { pathId } from '@/lib/validations/path-id';
import { createWebhookSchema } from '@/lib/validations/webhooks';
import { webhookAddressPolicy } from '@/lib/webhooks/webhook-address';
import { createWebhookEndpoint, listWebhookEndpoints } from '@/lib/webhooks/webhook-endpoints';

export const dynamic = 'force-dynamic';

/** The organization's webhook endpoints (never their secrets); its admins read, organization admins change. */
export const GET = apiRoute<{ id: string }>(async (_request, params) => {
  const viewer = await requireApiViewer();
  const organizationId = pathId(params.id, 'organization');
  const { canEdit } = requireWebhookReader(viewer, organizationId);
  return NextResponse.json({ endpoints: await listWebhookEndpoints(organizationId), canEdit });
});

/** A new endpoint; the answer is the only time its signing secret is shown. */
export const POST = apiRoute<{ id: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const organizationId = pathId(params.id, 'organization');
  requireWebhookManager(viewer, organizationId);
  const input = createWebhookSchema.parse(await readJson(request));
  const created = await createWebhookEndpoint({ organizationId, input, actor: viewer, meta: requestMeta(request), urlCheck: { policy: webhookAddressPolicy() } });
  return NextResponse.json(created, { status: 201 });
});
