'use client';

import { usePathname } from 'next/navigation';
import { SideMenu } from '@/components/side-menu';

export function ConsoleMenu(props: { apps: { id: string; name: string; vendorName: string }[] }) {
  return (
    <SideMenu
      label="Developer console"
      title="Your apps"
      currentPath={usePathname()}
      items={[
        ...props.apps.map((a) => ({ href: `/console/apps/${a.id}`, label: a.name, description: a.vendorName, testId: 'menu-app' })),
        { href: '/console/tokens', label: 'API tokens', testId: 'menu-api-tokens' },
        { href: '/console/members', label: 'Members', testId: 'menu-members' },
      ]}
    />
  );
}
