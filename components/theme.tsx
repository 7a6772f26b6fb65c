'use client';

import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';
import { useEffect } from 'react';

/** Loads Atlaskit's design tokens (light theme) so token() colours resolve. */
export function Theme() {
  useEffect(() => {
    void setGlobalTheme({ colorMode: 'light' });
    // Tells end-to-end tests that the page is interactive: a click before hydration is lost.
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return null;
}
