'use client';

import DropdownMenu, { DropdownItem, DropdownItemGroup } from '@atlaskit/dropdown-menu';

export type SiteOption = { url: string; organizationName: string };

/** Chooses the site the Admin Hub shows; each site keeps the current page. */
export function SiteSwitcher(props: { sites: SiteOption[]; current: string; section: string }) {
  const byOrg = new Map<string, SiteOption[]>();
  for (const site of props.sites) byOrg.set(site.organizationName, [...(byOrg.get(site.organizationName) ?? []), site]);
  return (
    <DropdownMenu trigger={`Site: ${props.current}`} testId="site-switcher" shouldRenderToParent>
      {[...byOrg.entries()].map(([org, sites]) => (
        <DropdownItemGroup key={org} title={org}>
          {sites.map((s) => (
            <DropdownItem key={s.url} href={`/admin/${s.url}/${props.section}`} isSelected={s.url === props.current}>
              {s.url}
            </DropdownItem>
          ))}
        </DropdownItemGroup>
      ))}
    </DropdownMenu>
  );
}
