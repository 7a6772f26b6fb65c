import type { Metadata } from 'next';
import { AuditLogFilters } from '@/components/audit-log-filters';
import { AuditLogPager } from '@/components/audit-log-pager';
import { AuditLogTable } from '@/components/audit-log-table';
import { PageTitle } from '@/components/page-title';
import { auditFilterParams, hasAuditFilters } from '@/lib/audit/audit-url';
import { listAuditActors } from '@/lib/audit/list-audit-actors';
import { listAuditEvents, resolveAuditQuery } from '@/lib/audit/list-audit-events';
import { requirePageSiteAdmin } from '@/lib/auth/guards';
import { AppError } from '@/lib/errors';
import { listSiteInstallations } from '@/lib/installations/list-site-installations';
import { settleExpiredGrantsOfSite } from '@/lib/log-access/settle-expired-grants';
import { AUDIT_PAGE_SIZE, auditFilterShape, type AuditFilterInput } from '@/lib/validations/audit-events';

export const metadata: Metadata = { title: 'Audit log' };

type SearchParams = Record<string, string | string[] | undefined>;

/** The page's filters from its URL: each one that does not parse is ignored rather than failing the page. */
function filtersOf(search: SearchParams): AuditFilterInput {
  const filters: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(auditFilterShape)) {
    const value = search[key];
    if (typeof value !== 'string') continue;
    const parsed = schema.safeParse(value);
    if (parsed.success && parsed.data !== undefined) filters[key] = parsed.data;
  }
  const result = filters as AuditFilterInput;
  if (result.from && result.to && result.to <= result.from) delete result.to;
  return result;
}

export default async function AuditLogPage(props: { params: Promise<{ site: string }>; searchParams: Promise<SearchParams> }) {
  const [{ site: siteUrl }, search] = await Promise.all([props.params, props.searchParams]);
  const { site } = await requirePageSiteAdmin(siteUrl);
  const filters = filtersOf(search);
  // Grants past their end date are closed for the record first, so their expiry is listed.
  await settleExpiredGrantsOfSite(site.id);
  const [installations, actors, query] = await Promise.all([listSiteInstallations({ siteId: site.id }), listAuditActors(site.id), resolveAuditQuery(site.id, filters)]);
  const apps = [...new Map(installations.map((i) => [i.appId, { id: i.appId, name: i.appName }])).values()];
  const cursor = typeof search.cursor === 'string' ? search.cursor : undefined;
  const page = await listAuditEvents({ query, cursor, limit: AUDIT_PAGE_SIZE, group: 'sessions' }).catch((error: unknown) => {
    // A cursor from an old or edited URL starts again at the newest entries.
    if (error instanceof AppError && error.code === 'bad_request') return listAuditEvents({ query, limit: AUDIT_PAGE_SIZE, group: 'sessions' });
    throw error;
  });
  const filterQuery = auditFilterParams(filters).toString();
  const apiBase = `/api/v1/sites/${encodeURIComponent(site.id)}/audit-events`;

  return (
    <>
      <PageTitle>Audit log</PageTitle>
      <p className="page-intro">
        Every grant and revocation of log access, access request, download and vendor read on {site.url}, newest first. A vendor&apos;s
        page reads are grouped into sessions (reads by one person or API token less than 30 minutes apart). Times are UTC.
      </p>
      <AuditLogFilters apps={apps} actors={actors} exportBase={`${apiBase}/export`} />
      <AuditLogTable events={page.events} isFiltered={hasAuditFilters(filters)} sessionBase={apiBase} filterQuery={filterQuery} />
      <AuditLogPager nextCursor={page.nextCursor} isFirstPage={!cursor} shown={page.events.length} />
    </>
  );
}
