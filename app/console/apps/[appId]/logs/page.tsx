import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LogViewer } from '@/components/log-viewer';
import { NotSharedSites } from '@/components/not-shared-sites';
import { ScopedSites } from '@/components/scoped-sites';
import { describeGrantScope } from '@/lib/validations/grant-scope';
import { ViewerRoleNotice } from '@/components/viewer-role-notice';
import { PageTitle } from '@/components/page-title';
import { AppError } from '@/lib/errors';
import { requirePageVendorMember } from '@/lib/auth/guards';
import { canReadLogsAsVendor, vendorMembershipOf } from '@/lib/auth/permissions';
import { findAppLogSources } from '@/lib/console/find-app-log-sources';
import { serverEnv } from '@/lib/env';
import { headers } from 'next/headers';
import { requestMetaOf } from '@/lib/api/route';
import { startFirstViewReads } from '@/lib/console/start-first-view-reads';
import { LINE_PAGE_SIZE, serverResolvedView } from '@/components/lib/viewer-query';

export const metadata: Metadata = { title: 'Logs' };

export default async function AppLogsPage(props: { params: Promise<{ appId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { appId } = await props.params;
  const viewer = await requirePageVendorMember();
  const sources = await findAppLogSources({ appId }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  });
  const membership = vendorMembershipOf(viewer, sources.app.vendorId);
  if (!membership) notFound();
  if (!canReadLogsAsVendor(membership)) {
    return (
      <>
        <PageTitle>Logs</PageTitle>
        <ViewerRoleNotice />
      </>
    );
  }
  const versions = [...new Set(sources.shared.map((s) => s.appVersion))].sort();
  // The first reads start now, not after the browser has loaded and hydrated the page.
  const view = serverResolvedView(urlSearchParams(await props.searchParams), new Date());
  const firstView = view && {
    ...view,
    ...startFirstViewReads({ viewer, sources, apiQuery: new URLSearchParams(view.apiQuery), pageSize: LINE_PAGE_SIZE, meta: requestMetaOf(await headers()) }),
  };
  return (
    <>
      <p className="muted">
        <Link href={`/console/apps/${appId}`}>{sources.app.name}</Link> / Logs
      </p>
      <PageTitle>{sources.app.name}: logs</PageTitle>
      <p className="page-intro">
        Production logs of every site that shares them with {sources.app.vendorName}, newest first. Times are UTC; the custom
        day range is in your own time zone. Each page you load is recorded in the site&apos;s audit log.
      </p>
      <NotSharedSites appId={appId} sites={sources.notShared} isPaid={sources.app.isPaid} />
      <ScopedSites sites={sources.shared.map((s) => ({ installationId: s.installationId, site: s.siteUrl, environment: s.environment.toLowerCase(), scope: s.scope ? describeGrantScope(s.scope) : null }))} />
      <LogViewer
        appId={appId}
        options={{ sites: [...new Set(sources.shared.map((s) => s.siteUrl))], versions, retentionDays: serverEnv().LOG_RETENTION_DAYS }}
        sharedAtOpen={sources.shared.map((s) => ({ installationId: s.installationId, site: s.siteUrl, environment: s.environment.toLowerCase() }))}
        firstView={firstView ?? undefined}
      />
    </>
  );
}

function urlSearchParams(search: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(search)) for (const one of [value ?? []].flat()) params.append(name, one);
  return params;
}
