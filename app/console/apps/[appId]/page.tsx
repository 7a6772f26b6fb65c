import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AppInstallationsTable } from '@/components/app-installations-table';
import { IngestTokensManager } from '@/components/ingest-tokens-manager';
import { canRequestForApp } from '@/lib/access-requests/can-request-for-app';
import type { AccessRequestJson } from '@/lib/access-requests/access-request-json';
import { listAccessRequests } from '@/lib/access-requests/list-access-requests';
import { requirePageVendorMember } from '@/lib/auth/guards';
import { findVendorApp } from '@/lib/console/list-vendor-apps';
import { listIngestTokens } from '@/lib/ingest-tokens/ingest-tokens';
import { LinkToLogs } from '@/components/link-to-logs';
import { PageTitle } from '@/components/page-title';
import { canReadLogsAsVendor, vendorMembershipOf } from '@/lib/auth/permissions';

export const metadata: Metadata = { title: 'App' };

export default async function ConsoleAppPage(props: { params: Promise<{ appId: string }> }) {
  const { appId } = await props.params;
  const viewer = await requirePageVendorMember();
  // Another vendor's app is a 404, not a 403: its existence is not ours to reveal.
  const app = await findVendorApp({ appId, vendorIds: viewer.vendors.map((v) => v.vendorId) });
  if (!app) notFound();
  const [requests, canRequest, ingestTokens] = await Promise.all([
    app.isPaid ? listAccessRequests({ scope: { appId: app.id }, view: 'vendor' }) : [],
    canRequestForApp({ viewer, appId: app.id }),
    // Logs are kept for paid apps only, so only they send any.
    app.isPaid ? listIngestTokens({ viewer, appId: app.id }) : null,
  ]);
  // Pending requests come first, then the newest: the first per installation is its current state.
  const latest: Record<string, AccessRequestJson> = {};
  for (const request of requests) latest[request.installationId] ??= request;
  // Viewers see the app but no lines: no button that would only lead to a refusal.
  const membership = vendorMembershipOf(viewer, app.vendorId);
  const readsLogs = membership !== null && canReadLogsAsVendor(membership);
  return (
    <>
      <PageTitle actions={readsLogs ? <LinkToLogs href={`/console/apps/${app.id}/logs`} /> : undefined}>{app.name}</PageTitle>
      <p className="page-intro">{app.description}</p>
      <AppInstallationsTable
        appName={app.name}
        installations={app.installations}
        requests={latest}
        canRequest={app.isPaid && canRequest}
        adminSiteUrls={viewer.adminSites.map((s) => s.url)}
      />
      {ingestTokens && <IngestTokensManager appId={app.id} tokens={ingestTokens.tokens} canManage={ingestTokens.canManage} />}
    </>
  );
}
