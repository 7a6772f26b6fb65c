import type { Metadata } from 'next';
import { AccessRequestsView } from '@/components/access-requests-view';
import { PageTitle } from '@/components/page-title';
import { listAccessRequests } from '@/lib/access-requests/list-access-requests';
import { requirePageSiteAdmin } from '@/lib/auth/guards';
import { getOrganization } from '@/lib/organizations/get-organization';
import { sharingPolicyOf } from '@/lib/organizations/sharing-policy';

export const metadata: Metadata = { title: 'Access requests' };

export default async function AccessRequestsPage(props: { params: Promise<{ site: string }> }) {
  const { site: siteUrl } = await props.params;
  const { site } = await requirePageSiteAdmin(siteUrl);
  const requests = await listAccessRequests({ scope: { siteId: site.id }, view: 'admin' });
  const policy = sharingPolicyOf(await getOrganization(site.organizationId));
  return (
    <>
      <PageTitle>Access requests</PageTitle>
      <p className="page-intro">
        Vendors asking to read their app&apos;s logs on {site.url}. Approving shares the logs until the end date you choose (or
        until you disable it on the app&apos;s details page); declining tells the vendor why.
      </p>
      <AccessRequestsView requests={requests} siteUrl={site.url} defaultScope={policy.defaultGrantScope} />
    </>
  );
}
