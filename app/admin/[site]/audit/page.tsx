import type { Metadata } from 'next';
import { AuditLogTable } from '@/components/audit-log-table';
import { listSiteAuditEvents } from '@/lib/audit/list-site-audit-events';
import { requirePageSiteAdmin } from '@/lib/auth/guards';
import { PageTitle } from '@/components/page-title';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditLogPage(props: { params: Promise<{ site: string }> }) {
  const { site: siteUrl } = await props.params;
  const { site } = await requirePageSiteAdmin(decodeURIComponent(siteUrl));
  const events = await listSiteAuditEvents({ siteId: site.id });
  return (
    <>
      <PageTitle>Audit log</PageTitle>
      <p className="page-intro">
        Every grant and revocation of log access, access request, download and vendor read on {site.url}, newest first.
        Times are UTC.
      </p>
      <AuditLogTable events={events} />
    </>
  );
}
