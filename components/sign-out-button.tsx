'use client';

import Button from '@atlaskit/button/new';
import { signOut } from 'next-auth/react';

export function SignOutButton() {
  return (
    <Button appearance="subtle" onClick={() => void signOut({ callbackUrl: '/signin' })} testId="sign-out">
      Sign out
    </Button>
  );
}
