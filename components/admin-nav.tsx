'use client';

import { usePathname } from 'next/navigation';
import { SideMenu } from '@/components/side-menu';
import { SiteSwitcher, type SiteOption } from '@/components/site-switcher';

export function AdminSiteSwitcher(props: { sites: SiteOption[]; current: string }) {
  // Keep the section (apps, audit, ...) when switching sites.
  const section = usePathname().split('/')[3] ?? 'apps';
  return <SiteSwitcher sites={props.sites} current={props.current} section={section} />;
}

export function AdminMenu(props: { siteUrl: string }) {
  const base = `/admin/${props.siteUrl}`;
  return (
    <SideMenu
      label="Admin Hub"
      title={props.siteUrl}
      currentPath={usePathname()}
      items={[
        { href: `${base}/apps`, label: 'Connected apps', testId: 'menu-connected-apps' },
        { href: `${base}/requests`, label: 'Access requests', testId: 'menu-access-requests' },
        { href: `${base}/audit`, label: 'Audit log', testId: 'menu-audit-log' },
        { href: `${base}/settings`, label: 'Settings', testId: 'menu-settings' },
        { href: `${base}/webhooks`, label: 'Webhooks', testId: 'menu-webhooks' },
      ]}
    />
  );
}
