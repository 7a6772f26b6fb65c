import type { Metadata } from 'next';
import { Notice } from '@/components/notice';
import { OrganizationSettingsForm } from '@/components/organization-settings-form';
import { PageTitle } from '@/components/page-title';
import { UndeliverableEmailsTable } from '@/components/undeliverable-emails-table';
import { requirePageSiteAdmin } from '@/lib/auth/guards';
import { canEditOrganization } from '@/lib/auth/permissions';
import { listUndeliverableEmails } from '@/lib/email/list-undeliverable-emails';
import { getOrganization } from '@/lib/organizations/get-organization';
import { listOrganizationVendors } from '@/lib/organizations/list-organization-vendors';
import { toApiReasonCode } from '@/lib/access-requests/access-request-json';
import { storedGrantScope } from '@/lib/validations/grant-scope';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage(props: { params: Promise<{ site: string }> }) {
  const { site: siteUrl } = await props.params;
  const { viewer, site } = await requirePageSiteAdmin(siteUrl);
  const [organization, undeliverable] = await Promise.all([
    getOrganization(site.organizationId),
    listUndeliverableEmails({ organizationId: site.organizationId, siteId: site.id, viewerEmail: viewer.email }),
  ]);
  const vendors = await listOrganizationVendors(organization);
  return (
    <>
      <PageTitle>Settings</PageTitle>
      <p className="page-intro">Settings of {organization.name}, for all of its sites.</p>
      <OrganizationSettingsForm
        organizationId={organization.id}
        organizationName={organization.name}
        shareLogsByDefault={organization.shareLogsByDefault}
        technicalContactEmail={organization.technicalContactEmail}
        policy={{
          neverShareVendorIds: organization.neverShareVendorIds,
          maxGrantDays: organization.maxGrantDays,
          autoApproveVendorIds: organization.autoApproveVendorIds,
          autoApproveReasonCodes: organization.autoApproveReasonCodes.map(toApiReasonCode),
          defaultGrantScope: storedGrantScope(organization.defaultGrantScope),
        }}
        vendors={vendors}
        canEdit={canEditOrganization(site)}
      />
      {undeliverable.length > 0 && (
        <section className="undeliverable-emails">
          <Notice appearance="warning" title="Some notifications could not be delivered" testId="undeliverable-emails-notice">
            Logshare tried these e-mails about {site.url} or {organization.name} for about a day and gave up. Check that the
            addresses exist and accept mail from Logshare (ask whoever runs Logshare to check its mail server if every address
            fails). Anything they announced is still waiting in the Admin Hub, for example on Access requests.
          </Notice>
          <UndeliverableEmailsTable emails={undeliverable} />
        </section>
      )}
    </>
  );
}
