'use client';

import Button from '@atlaskit/button/new';
import DropdownMenu, { DropdownItem, DropdownItemGroup } from '@atlaskit/dropdown-menu';
import { useFlags } from '@atlaskit/flag';
import ChevronDownIcon from '@atlaskit/icon/core/chevron-down';
import { signOut } from 'next-auth/react';
import { callApi } from '@/components/lib/call-api';

/** Who is signed in, with sign-out here and on every device. */
export function UserMenu(props: { email: string }) {
  const { showFlag } = useFlags();

  async function signOutEverywhere() {
    try {
      await callApi('/api/v1/sessions/revoke-all', { method: 'POST', body: {} });
      await signOut({ callbackUrl: '/signin' });
    } catch (e) {
      showFlag({ appearance: 'error', title: 'You were not signed out everywhere', description: e instanceof Error ? e.message : '', isAutoDismiss: true });
    }
  }

  return (
    <DropdownMenu
      testId="user-menu"
      placement="bottom-end"
      shouldRenderToParent
      trigger={({ triggerRef, ...triggerProps }) => (
        <Button {...triggerProps} ref={triggerRef} appearance="subtle" iconAfter={ChevronDownIcon}>
          <span data-testid="signed-in-as">{props.email}</span>
        </Button>
      )}
    >
      <DropdownItemGroup>
        <DropdownItem testId="sign-out" onClick={() => void signOut({ callbackUrl: '/signin' })}>
          Sign out
        </DropdownItem>
        <DropdownItem testId="sign-out-everywhere" description="Ends your sessions on every device" onClick={() => void signOutEverywhere()}>
          Sign out everywhere
        </DropdownItem>
      </DropdownItemGroup>
    </DropdownMenu>
  );
}
