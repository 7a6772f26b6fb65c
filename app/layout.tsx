import '@atlaskit/css-reset';
import './globals.css';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import { Theme } from '@/components/theme';

export const metadata: Metadata = {
  title: { default: 'Logshare', template: '%s · Logshare' },
  description: "Share an app's production logs between a site's admins and the app's vendor.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Theme />
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
