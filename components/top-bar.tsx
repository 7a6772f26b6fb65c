import Link from 'next/link';
import type { ReactNode } from 'react';
import { MenuButton } from '@/components/collapsible-menu';
import { UserMenu } from '@/components/user-menu';
import type { Viewer } from '@/lib/auth/viewer';

/** The bar above both areas: the menu button (narrow screens), product, area switch for people with both roles, who is signed in. */
export function TopBar(props: { viewer: Viewer; area: 'admin' | 'console'; children?: ReactNode }) {
  const { viewer } = props;
  const canAdmin = viewer.adminSites.length > 0;
  const canConsole = viewer.vendors.length > 0;
  return (
    <header className="top-bar">
      <MenuButton />
      <Link href="/" className="product">
        Logshare
      </Link>
      <span className="area">{props.area === 'admin' ? 'Admin Hub' : 'Developer console'}</span>
      {props.children}
      <span className="spacer" />
      {props.area === 'admin' && canConsole && (
        <Link href="/console" data-testid="switch-to-console">
          Developer console
        </Link>
      )}
      {props.area === 'console' && canAdmin && (
        <Link href="/admin" data-testid="switch-to-admin">
          Admin Hub
        </Link>
      )}
      <UserMenu email={viewer.email} />
    </header>
  );
}
