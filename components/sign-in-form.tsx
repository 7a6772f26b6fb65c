'use client';

import Button from '@atlaskit/button/new';
import Form, { ErrorMessage, Field, FormFooter } from '@atlaskit/form';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { getCsrfToken, signIn } from 'next-auth/react';
import { useState } from 'react';
import { portalCallbackPath } from '@/lib/auth/callback-url';
import { signInSchema } from '@/lib/validations/auth';

type Values = { email: string; password: string };

export function SignInForm(props: { callbackUrl: string; showAtlassian: boolean; initialError?: string }) {
  const [error, setError] = useState<string | undefined>(props.initialError);

  async function submit(values: Values) {
    setError(undefined);
    const parsed = signInSchema.safeParse(values);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    const refusal = await signInWithPassword(parsed.data);
    if (refusal) {
      setError(refusal);
      return;
    }
    // A full navigation, so the server renders the next page with the new session; never off the portal.
    window.location.assign(portalCallbackPath(props.callbackUrl, window.location.origin));
  }

  return (
    <>
      {error && (
        <SectionMessage appearance="error" testId="sign-in-error">
          <p>{error}</p>
        </SectionMessage>
      )}
      <Form<Values> onSubmit={submit}>
        {({ formProps, submitting }) => (
          <form {...formProps} aria-label="Sign in">
            <Field<string> name="email" label="E-mail" isRequired defaultValue="">
              {({ fieldProps, error: fieldError }) => (
                <>
                  <Textfield {...fieldProps} type="email" autoComplete="username" testId="email" />
                  {fieldError && <ErrorMessage>{fieldError}</ErrorMessage>}
                </>
              )}
            </Field>
            <Field<string> name="password" label="Password" isRequired defaultValue="">
              {({ fieldProps }) => <Textfield {...fieldProps} type="password" autoComplete="current-password" testId="password" />}
            </Field>
            <FormFooter align="start">
              <Button type="submit" appearance="primary" isLoading={submitting} testId="sign-in-submit">
                Sign in
              </Button>
              {props.showAtlassian && (
                <Button onClick={() => void signIn('atlassian', { callbackUrl: portalCallbackPath(props.callbackUrl, window.location.origin) })}>Continue with Atlassian</Button>
              )}
            </FormFooter>
          </form>
        )}
      </Form>
    </>
  );
}

/**
 * Posts to next-auth's credentials endpoint as `signIn` does, but reads the
 * answer itself: `signIn` cannot read a 429 (the sign-in throttle's answer,
 * whose message says when to try again). Null when signed in, else what to show.
 */
async function signInWithPassword(values: Values): Promise<string | null> {
  const response = await fetch('/api/auth/callback/credentials', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...values, csrfToken: (await getCsrfToken()) ?? '', json: 'true' }),
  });
  if (response.ok) return null;
  if (response.status === 401) return 'That e-mail and password do not match an account.';
  // 429 (throttled) and anything else the portal explains itself: its message says what to do.
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? 'Sign-in failed. Try again.';
}
