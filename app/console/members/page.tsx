import type { Metadata } from 'next';
import { PageTitle } from '@/components/page-title';
import { VendorMembersManager } from '@/components/vendor-members-manager';
import { requirePageVendorMember } from '@/lib/auth/guards';
import { canManageVendorMembers } from '@/lib/auth/permissions';
import { listVendorInvitations } from '@/lib/vendors/list-vendor-invitations';
import { INVITATION_TTL_DAYS } from '@/lib/vendors/invite-vendor-member';
import { listVendorMembers } from '@/lib/vendors/vendor-members';

export const metadata: Metadata = { title: 'Members' };

export default async function VendorMembersPage() {
  const viewer = await requirePageVendorMember();
  const vendors = await Promise.all(
    viewer.vendors.map(async (v) => ({
      ...v,
      members: await listVendorMembers(v.vendorId),
      // Only owners see who is invited.
      invitations: canManageVendorMembers(v) ? await listVendorInvitations(v.vendorId) : [],
    })),
  );
  return (
    <>
      <PageTitle>Members</PageTitle>
      <p className="page-intro">
        Owners manage members. Developers read production logs of the sites that share them; viewers see apps and installations
        but no log lines.
      </p>
      {viewer.vendors.some(canManageVendorMembers) && (
        <p className="page-intro" data-testid="invitation-help">
          Inviting sends a link to the address. The person joins once they open it and accept, signed in with that address; the
          link works for {INVITATION_TTL_DAYS} days. Logshare has no sign-up: someone without an account cannot accept until an
          account is created for their address, and until then the invitation stays pending.
        </p>
      )}
      {vendors.map((v) => (
        <section key={v.vendorId} className="members-section">
          <h2>{v.vendorName}</h2>
          <VendorMembersManager
            vendorId={v.vendorId}
            vendorName={v.vendorName}
            members={v.members}
            invitations={v.invitations}
            canManage={canManageVendorMembers(v)}
            currentEmail={viewer.email}
          />
        </section>
      ))}
    </>
  );
}
