import type { ReactNode } from 'react';
import { AdminMenu, AdminSiteSwitcher } from '@/components/admin-nav';
import { CollapsibleMenuProvider, CollapsibleNav } from '@/components/collapsible-menu';
import { TopBar } from '@/components/top-bar';
import { requirePageSiteAdmin } from '@/lib/auth/guards';

export default async function AdminSiteLayout(props: { children: ReactNode; params: Promise<{ site: string }> }) {
  const { site: siteUrl } = await props.params;
  const { viewer, site } = await requirePageSiteAdmin(siteUrl);
  return (
    <CollapsibleMenuProvider>
      <TopBar viewer={viewer} area="admin">
        <AdminSiteSwitcher sites={viewer.adminSites} current={site.url} />
      </TopBar>
      <div className="shell">
        <CollapsibleNav label="Admin Hub">
          <AdminMenu siteUrl={site.url} />
        </CollapsibleNav>
        <main>{props.children}</main>
      </div>
    </CollapsibleMenuProvider>
  );
}
