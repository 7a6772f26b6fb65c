import '@atlaskit/css-reset';
import './atlaskit.generated.css';
import './globals.css';
import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import { Theme } from '@/components/theme';

export const metadata: Metadata = {
  title: { default: 'Logshare', template: '%s · Logshare' },
  description: "Share an app's production logs between a site's admins and the app's vendor.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, the "not found" page too: only then can
  // Next.js put the CSP nonce of the response (proxy.ts) on its scripts.
  await connection();
  return (
    <html lang="en">
      <body>
        <Theme />
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
