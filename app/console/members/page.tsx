import type { Metadata } from 'next';
import { PageTitle } from '@/components/page-title';
import { VendorMembersManager } from '@/components/vendor-members-manager';
import { requirePageVendorMember } from '@/lib/auth/guards';
import { listVendorMembers } from '@/lib/vendors/vendor-members';

export const metadata: Metadata = { title: 'Members' };

export default async function VendorMembersPage() {
  const viewer = await requirePageVendorMember();
  const vendors = await Promise.all(viewer.vendors.map(async (v) => ({ ...v, members: await listVendorMembers(v.vendorId) })));
  return (
    <>
      <PageTitle>Members</PageTitle>
      <p className="page-intro">
        Owners manage members. Developers read production logs of the sites that share them; viewers see apps and installations
        but no log lines.
      </p>
      {vendors.map((v) => (
        <section key={v.vendorId} className="members-section">
          <h2>{v.vendorName}</h2>
          <VendorMembersManager vendorId={v.vendorId} members={v.members} canManage={v.role === 'OWNER'} currentEmail={viewer.email} />
        </section>
      ))}
    </>
  );
}
