import Link from 'next/link';
import type { ReactNode } from 'react';

export type MessagePageLink = { href: string; label: string };

/**
 * A page that only explains where you are (not found, no access): the
 * portal's top bar, a heading, what happened, and where to go from here.
 */
export function MessagePage(props: { title: string; children: ReactNode; links: MessagePageLink[]; signedInAs?: string; actions?: ReactNode }) {
  return (
    <>
      <header className="top-bar">
        <Link href="/" className="product">
          Logshare
        </Link>
        <span className="spacer" />
        {props.signedInAs && <span className="muted">Signed in as {props.signedInAs}</span>}
      </header>
      <main className="centered message-page">
        <h1>{props.title}</h1>
        {props.children}
        {props.links.length > 0 && (
          <nav aria-label="Where to go from here">
            <ul className="message-links">
              {props.links.map((link) => (
                <li key={link.href}>
                  <Link href={link.href}>{link.label}</Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {props.actions}
      </main>
    </>
  );
}

/** The areas a person can open: both for someone with both roles, sign-in for someone signed out. */
export function areaLinks(viewer: { adminSites: unknown[]; vendors: unknown[] } | null): MessagePageLink[] {
  if (!viewer) return [{ href: '/signin', label: 'Sign in' }];
  const links: MessagePageLink[] = [];
  if (viewer.adminSites.length > 0) links.push({ href: '/admin', label: 'Go to the Admin Hub' });
  if (viewer.vendors.length > 0) links.push({ href: '/console', label: 'Go to the developer console' });
  return links;
}
