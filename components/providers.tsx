'use client';

import { FlagsProvider } from '@atlaskit/flag';
import type { ReactNode } from 'react';

/** Client-side providers for every page: Atlaskit flags (success and error messages). */
export function Providers(props: { children: ReactNode }) {
  return <FlagsProvider>{props.children}</FlagsProvider>;
}
