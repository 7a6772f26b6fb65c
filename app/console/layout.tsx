import type { ReactNode } from 'react';
import { ConsoleMenu } from '@/components/console-nav';
import { TopBar } from '@/components/top-bar';
import { requirePageVendorMember } from '@/lib/auth/guards';
import { listVendorApps } from '@/lib/console/list-vendor-apps';

export default async function ConsoleLayout(props: { children: ReactNode }) {
  const viewer = await requirePageVendorMember();
  const apps = await listVendorApps({ vendorIds: viewer.vendors.map((v) => v.vendorId) });
  return (
    <>
      <TopBar viewer={viewer} area="console" />
      <div className="shell">
        <nav aria-label="Developer console">
          <ConsoleMenu apps={apps} />
        </nav>
        <main>{props.children}</main>
      </div>
    </>
  );
}
