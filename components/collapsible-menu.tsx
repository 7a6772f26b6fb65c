'use client';

import { IconButton } from '@atlaskit/button/new';
import MenuIcon from '@atlaskit/icon/core/menu';
import { usePathname } from 'next/navigation';
import { createContext, useContext, useEffect, useId, useRef, useState, type ReactNode } from 'react';

// Below desktop width (globals.css: 1023 px) an area's side menu folds away
// behind a "Menu" button in the top bar, so the page keeps the whole width.
// The button and the menu sit in different parts of the layout (a server
// component), so they share their state through this context.

type MenuState = { isOpen: boolean; setOpen: (open: boolean) => void; menuId: string; buttonRef: React.RefObject<HTMLButtonElement | null> };

const MenuContext = createContext<MenuState | null>(null);

export function CollapsibleMenuProvider(props: { children: ReactNode }) {
  const [isOpen, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const pathname = usePathname();
  // Following a link in the menu closes it.
  const [shownPath, setShownPath] = useState(pathname);
  if (shownPath !== pathname) {
    setShownPath(pathname);
    setOpen(false);
  }
  return <MenuContext.Provider value={{ isOpen, setOpen, menuId, buttonRef }}>{props.children}</MenuContext.Provider>;
}

function useMenu(): MenuState {
  const state = useContext(MenuContext);
  if (!state) throw new Error('CollapsibleMenuProvider is missing around the menu and its button.');
  return state;
}

/** The top bar's "Menu" button; globals.css shows it below desktop width only. */
export function MenuButton() {
  const state = useContext(MenuContext);
  // A page without a side menu (the 404 page's top bar) has no button either.
  if (!state) return null;
  const { isOpen, setOpen, menuId, buttonRef } = state;
  return (
    <span className="menu-button">
      <IconButton
        ref={buttonRef}
        icon={MenuIcon}
        label="Menu"
        appearance="subtle"
        aria-expanded={isOpen}
        aria-controls={menuId}
        onClick={() => setOpen(!isOpen)}
        testId="menu-button"
      />
    </span>
  );
}

/** The side menu's <nav>: beside the page on desktops, a panel over it below, open while the button says so. */
export function CollapsibleNav(props: { label: string; children: ReactNode }) {
  const { isOpen, setOpen, menuId, buttonRef } = useMenu();
  useEffect(() => {
    if (!isOpen) return;
    function closeOnEscape(event: KeyboardEvent) {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    }
    window.addEventListener('keydown', closeOnEscape);
    return () => window.removeEventListener('keydown', closeOnEscape);
  }, [isOpen, setOpen, buttonRef]);
  return (
    <nav id={menuId} aria-label={props.label} className={isOpen ? 'side-nav open' : 'side-nav'}>
      {props.children}
    </nav>
  );
}
