import type { Metadata } from 'next';
import { AccessRequestsBanner } from '@/components/access-requests-banner';
import { ConnectedAppsView } from '@/components/connected-apps-view';
import { countPendingAccessRequests } from '@/lib/access-requests/count-pending-access-requests';
import { requirePageSiteAdmin } from '@/lib/auth/guards';
import { serverEnv } from '@/lib/env';
import { listSiteInstallations } from '@/lib/installations/list-site-installations';
import { PageTitle } from '@/components/page-title';

export const metadata: Metadata = { title: 'Connected apps' };

export default async function ConnectedAppsPage(props: { params: Promise<{ site: string }> }) {
  const { site: siteUrl } = await props.params;
  const { site } = await requirePageSiteAdmin(siteUrl);
  const [installations, pendingRequests] = await Promise.all([
    listSiteInstallations({ siteId: site.id }),
    countPendingAccessRequests({ siteId: site.id }),
  ]);
  return (
    <>
      <PageTitle>Connected apps</PageTitle>
      <p className="page-intro">
        Apps installed on {site.url}. For a paid app you can share its logs with the vendor, or download them to send
        yourself.
      </p>
      {pendingRequests > 0 && <AccessRequestsBanner count={pendingRequests} siteUrl={site.url} />}
      <ConnectedAppsView installations={installations} siteUrl={site.url} retentionDays={serverEnv().LOG_RETENTION_DAYS} />
    </>
  );
}
