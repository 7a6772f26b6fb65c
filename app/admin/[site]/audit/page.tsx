import type { Metadata } from 'next';
import { AuditLogFilters } from '@/components/audit-log-filters';
import { AuditLogTable } from '@/components/audit-log-table';
import { PageTitle } from '@/components/page-title';
import { isAuditAction } from '@/lib/audit/describe-audit-event';
import { listSiteAuditEvents, type AuditFilters } from '@/lib/audit/list-site-audit-events';
import { requirePageSiteAdmin } from '@/lib/auth/guards';
import { listSiteInstallations } from '@/lib/installations/list-site-installations';
import { settleExpiredGrantsOfSite } from '@/lib/log-access/settle-expired-grants';

export const metadata: Metadata = { title: 'Audit log' };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function AuditLogPage(props: { params: Promise<{ site: string }>; searchParams: Promise<SearchParams> }) {
  const [{ site: siteUrl }, search] = await Promise.all([props.params, props.searchParams]);
  const { site } = await requirePageSiteAdmin(siteUrl);
  const installations = await listSiteInstallations({ siteId: site.id });
  const apps = [...new Map(installations.map((i) => [i.appId, { id: i.appId, name: i.appName }])).values()];

  // Unknown filter values are ignored rather than failing the page.
  const filters: AuditFilters = {};
  if (typeof search.app === 'string' && apps.some((a) => a.id === search.app)) filters.appId = search.app;
  if (typeof search.action === 'string' && isAuditAction(search.action)) filters.action = search.action;
  // Grants past their end date are closed for the record first, so their expiry is listed.
  await settleExpiredGrantsOfSite(site.id);
  const events = await listSiteAuditEvents({ siteId: site.id, filters });

  return (
    <>
      <PageTitle>Audit log</PageTitle>
      <p className="page-intro">
        Every grant and revocation of log access, access request, download and vendor read on {site.url}, newest first.
        Times are UTC.
      </p>
      <AuditLogFilters apps={apps} />
      <AuditLogTable events={events} isFiltered={Boolean(filters.appId || filters.action)} />
    </>
  );
}
