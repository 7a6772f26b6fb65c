import type { Metadata } from 'next';
import { OrganizationSettingsForm } from '@/components/organization-settings-form';
import { PageTitle } from '@/components/page-title';
import { requirePageSiteAdmin } from '@/lib/auth/guards';
import { getOrganization } from '@/lib/organizations/get-organization';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage(props: { params: Promise<{ site: string }> }) {
  const { site: siteUrl } = await props.params;
  const { site } = await requirePageSiteAdmin(siteUrl);
  const organization = await getOrganization(site.organizationId);
  return (
    <>
      <PageTitle>Settings</PageTitle>
      <p className="page-intro">Settings of {organization.name}, for all of its sites.</p>
      <OrganizationSettingsForm
        organizationId={organization.id}
        organizationName={organization.name}
        shareLogsByDefault={organization.shareLogsByDefault}
        technicalContactEmail={organization.technicalContactEmail}
        canEdit={site.role === 'ORG_ADMIN'}
      />
    </>
  );
}
