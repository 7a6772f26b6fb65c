import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/sign-in-form';
import { portalCallbackPath } from '@/lib/auth/callback-url';
import { getViewer, homePathOf } from '@/lib/auth/viewer';
import { serverEnv } from '@/lib/env';

export const metadata: Metadata = { title: 'Sign in' };

const errors: Record<string, string> = {
  NoAccount: 'No Logshare account uses that Atlassian e-mail. Ask your administrator to invite you.',
  SessionRequired: 'Sign in to continue.',
};

export default async function SignInPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const searchParams = await props.searchParams;
  const viewer = await getViewer();
  if (viewer) redirect(homePathOf(viewer));
  const env = serverEnv();
  const error = typeof searchParams.error === 'string' ? (errors[searchParams.error] ?? 'Sign-in failed. Try again.') : undefined;
  return (
    <main className="centered">
      <h1>Sign in to Logshare</h1>
      <p className="muted">Admins share and download their apps&apos; logs; vendors read the logs shared with them.</p>
      <SignInForm
        callbackUrl={portalCallbackPath(searchParams.callbackUrl, env.NEXTAUTH_URL)}
        showAtlassian={Boolean(env.ATLASSIAN_CLIENT_ID && env.ATLASSIAN_CLIENT_SECRET)}
        initialError={error}
      />
    </main>
  );
}
