import type { ReactNode } from 'react';
import { ConsoleMenu } from '@/components/console-nav';
import { CollapsibleMenuProvider, CollapsibleNav } from '@/components/collapsible-menu';
import { TopBar } from '@/components/top-bar';
import { VendorInvitationsNotice } from '@/components/vendor-invitations-notice';
import { requirePageVendorMember } from '@/lib/auth/guards';
import { listVendorApps } from '@/lib/console/list-vendor-apps';
import { listOpenInvitationsFor } from '@/lib/vendors/list-vendor-invitations';

export default async function ConsoleLayout(props: { children: ReactNode }) {
  const viewer = await requirePageVendorMember();
  const [apps, invitations] = await Promise.all([listVendorApps({ vendorIds: viewer.vendors.map((v) => v.vendorId) }), listOpenInvitationsFor(viewer.email)]);
  return (
    <CollapsibleMenuProvider>
      <TopBar viewer={viewer} area="console" />
      <div className="shell">
        <CollapsibleNav label="Developer console">
          <ConsoleMenu apps={apps} />
        </CollapsibleNav>
        <main>
          <VendorInvitationsNotice invitations={invitations} email={viewer.email} />
          {props.children}
        </main>
      </div>
    </CollapsibleMenuProvider>
  );
}
