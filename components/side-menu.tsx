'use client';

import { LinkItem, NavigationContent, Section, SideNavigation } from '@atlaskit/side-navigation';

export type SideMenuItem = { href: string; label: string; description?: string; testId?: string };

/** The left menu of an area; the item matching the current path is selected. */
export function SideMenu(props: { label: string; title: string; items: SideMenuItem[]; currentPath: string }) {
  return (
    <SideNavigation label={props.label} testId="side-menu">
      <NavigationContent>
        <Section title={props.title}>
          {props.items.map((item) => (
            <LinkItem
              key={item.href}
              href={item.href}
              description={item.description}
              isSelected={props.currentPath === item.href || props.currentPath.startsWith(`${item.href}/`)}
              testId={item.testId}
            >
              {item.label}
            </LinkItem>
          ))}
        </Section>
      </NavigationContent>
    </SideNavigation>
  );
}
