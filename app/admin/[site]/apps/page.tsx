import type { Metadata } from 'next';
import { ConnectedAppsView } from '@/components/connected-apps-view';
import { requirePageSiteAdmin } from '@/lib/auth/guards';
import { serverEnv } from '@/lib/env';
import { listSiteInstallations } from '@/lib/installations/list-site-installations';
import { PageTitle } from '@/components/page-title';

export const metadata: Metadata = { title: 'Connected apps' };

export default async function ConnectedAppsPage(props: { params: Promise<{ site: string }> }) {
  const { site: siteUrl } = await props.params;
  const { site } = await requirePageSiteAdmin(decodeURIComponent(siteUrl));
  const installations = await listSiteInstallations({ siteId: site.id });
  return (
    <>
      <PageTitle>Connected apps</PageTitle>
      <p className="page-intro">
        Apps installed on {site.url}. For a paid app you can share its logs with the vendor, or download them to send
        yourself.
      </p>
      <ConnectedAppsView installations={installations} siteUrl={site.url} retentionDays={serverEnv().LOG_RETENTION_DAYS} />
    </>
  );
}
