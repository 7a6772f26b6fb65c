import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AuditLogTable } from '@/components/audit-log-table';
import { GrantHistoryTable } from '@/components/grant-history-table';
import { PageTitle } from '@/components/page-title';
import { ShareAppLogs } from '@/components/share-app-logs';
import { listSiteAuditEvents } from '@/lib/audit/list-site-audit-events';
import { requirePageSiteAdmin } from '@/lib/auth/guards';
import { environmentLabel, formatUtcDate, productLabel } from '@/lib/format';
import { getSiteInstallation } from '@/lib/installations/get-site-installation';
import { getOrganization } from '@/lib/organizations/get-organization';
import { sharingPolicyOf } from '@/lib/organizations/sharing-policy';

export const metadata: Metadata = { title: 'App details' };

type Params = { site: string; installationId: string };

export default async function AppDetailsPage(props: { params: Promise<Params> }) {
  const { site: siteUrl, installationId } = await props.params;
  const { site } = await requirePageSiteAdmin(siteUrl);
  const app = await getSiteInstallation({ siteId: site.id, installationId });
  if (!app) notFound();
  const policy = sharingPolicyOf(await getOrganization(site.organizationId));
  const vendorReads = await listSiteAuditEvents({ siteId: site.id, filters: { installationId: app.id, action: 'VENDOR_LOGS_READ' }, limit: 20 });

  return (
    <>
      <p className="muted">
        <Link href={`/admin/${site.url}/apps`}>Connected apps</Link> / {app.appName}
      </p>
      <PageTitle>{app.appName}</PageTitle>
      <p className="page-intro">{app.appDescription}</p>

      <dl className="details" data-testid="app-details">
        <dt>Vendor</dt>
        <dd>{app.vendorName}</dd>
        <dt>Vendor contact</dt>
        <dd>
          <a href={`mailto:${app.vendorContactEmail}`}>{app.vendorContactEmail}</a>
        </dd>
        <dt>Privacy policy</dt>
        <dd>{app.privacyPolicyUrl ? <a href={app.privacyPolicyUrl}>{app.privacyPolicyUrl}</a> : 'Not provided'}</dd>
        <dt>Version</dt>
        <dd>{app.appVersion}</dd>
        <dt>Product</dt>
        <dd>{productLabel(app.product)}</dd>
        <dt>Environment</dt>
        <dd>{environmentLabel(app.environment)}</dd>
        <dt>Installed</dt>
        <dd>{formatUtcDate(app.installedAt)}</dd>
        <dt>Plan</dt>
        <dd>{app.isPaid ? 'Paid' : 'Free'}</dd>
        <dt>Scopes</dt>
        <dd>
          <ul className="scopes">
            {app.scopes.map((scope) => (
              <li key={scope}>
                <code>{scope}</code>
              </li>
            ))}
          </ul>
        </dd>
      </dl>

      <section className="share-section" aria-labelledby="share-your-app-logs">
        <h2 id="share-your-app-logs">Share your app logs</h2>
        <ShareAppLogs
          installationId={app.id}
          appName={app.appName}
          vendorName={app.vendorName}
          siteUrl={site.url}
          isPaid={app.isPaid}
          logAccess={app.logAccess.logAccess}
          openGrant={app.logAccess.history.find((g) => g.endedBy === null) ?? null}
          defaultScope={policy.defaultGrantScope}
        />
        {app.logAccess.history.length > 0 && <GrantHistoryTable history={app.logAccess.history} />}
        {vendorReads.length > 0 && (
          <div data-testid="vendor-reads">
            <h3>What the vendor read</h3>
            <AuditLogTable events={vendorReads} isFiltered />
          </div>
        )}
      </section>
    </>
  );
}
