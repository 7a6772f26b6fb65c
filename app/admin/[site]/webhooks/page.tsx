import type { Metadata } from 'next';
import { Notice } from '@/components/notice';
import { PageTitle } from '@/components/page-title';
import { WebhookDeliveriesTable } from '@/components/webhook-deliveries-table';
import { WebhookEndpoints } from '@/components/webhook-endpoints';
import { requirePageSiteAdmin } from '@/lib/auth/guards';
import { requireWebhookReader } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { getOrganization } from '@/lib/organizations/get-organization';
import { WEBHOOK_DELIVERIES_PAGE } from '@/lib/validations/webhooks';
import { listWebhookDeliveries } from '@/lib/webhooks/list-webhook-deliveries';
import { listWebhookEndpoints } from '@/lib/webhooks/webhook-endpoints';

export const metadata: Metadata = { title: 'Webhooks' };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function WebhooksPage(props: { params: Promise<{ site: string }>; searchParams: Promise<SearchParams> }) {
  const [{ site: siteUrl }, search] = await Promise.all([props.params, props.searchParams]);
  const { viewer, site } = await requirePageSiteAdmin(siteUrl);
  const { canEdit } = requireWebhookReader(viewer, site.organizationId);
  const [organization, endpoints] = await Promise.all([getOrganization(site.organizationId), listWebhookEndpoints(site.organizationId)]);
  const wanted = typeof search.endpoint === 'string' ? search.endpoint : null;
  const selected = endpoints.find((e) => e.id === wanted) ?? endpoints[0] ?? null;
  const cursor = typeof search.cursor === 'string' ? search.cursor : undefined;
  const path = `/admin/${site.url}/webhooks`;
  const logHref = (endpointId: string, pageCursor?: string) => `${path}?endpoint=${encodeURIComponent(endpointId)}${pageCursor ? `&cursor=${encodeURIComponent(pageCursor)}` : ''}`;
  const page = selected
    ? await listWebhookDeliveries({ endpointId: selected.id, cursor, limit: WEBHOOK_DELIVERIES_PAGE }).catch((error: unknown) => {
        // A cursor from an old or edited URL starts again at the newest deliveries.
        if (error instanceof AppError && error.code === 'bad_request') return listWebhookDeliveries({ endpointId: selected.id, limit: WEBHOOK_DELIVERIES_PAGE });
        throw error;
      })
    : null;

  return (
    <>
      <PageTitle>Webhooks</PageTitle>
      <p className="page-intro">
        Events of {organization.name} on all its sites (log access, access requests, policy changes, vendor reads, downloads), sent as
        signed JSON to your endpoints, for example a SIEM. Each event is retried for about four hours until the endpoint answers 2xx.
        Times are UTC.
      </p>
      {!canEdit && (
        <Notice appearance="information" testId="webhooks-read-only">
          Only organization admins of {organization.name} can add or change webhooks.
        </Notice>
      )}
      <WebhookEndpoints organizationId={organization.id} endpoints={endpoints} canEdit={canEdit} logPath={path} selectedId={selected?.id ?? null} />
      {selected && page && (
        <WebhookDeliveriesTable
          endpointUrl={selected.url}
          deliveries={page.deliveries}
          newestHref={logHref(selected.id)}
          olderHref={page.nextCursor ? logHref(selected.id, page.nextCursor) : null}
          isFirstPage={!cursor}
        />
      )}
    </>
  );
}
