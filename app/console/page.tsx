import type { Metadata } from 'next';
import { VendorAppsTable } from '@/components/vendor-apps-table';
import { requirePageVendorMember } from '@/lib/auth/guards';
import { listVendorApps } from '@/lib/console/list-vendor-apps';
import { PageTitle } from '@/components/page-title';

export const metadata: Metadata = { title: 'Developer console' };

export default async function ConsoleHomePage() {
  const viewer = await requirePageVendorMember();
  const apps = await listVendorApps({ vendorIds: viewer.vendors.map((v) => v.vendorId) });
  return (
    <>
      <PageTitle>Your apps</PageTitle>
      <p className="page-intro">
        Apps of {viewer.vendors.map((v) => v.vendorName).join(', ')}. Open an app to see where it is installed and which
        sites share their logs with you.
      </p>
      <VendorAppsTable apps={apps} />
    </>
  );
}
