'use client';

import Button from '@atlaskit/button/new';
import Form, { ErrorMessage, Field, FormFooter } from '@atlaskit/form';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { signIn } from 'next-auth/react';
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
    const result = await signIn('credentials', { ...parsed.data, redirect: false });
    if (!result || result.error) {
      setError('That e-mail and password do not match an account.');
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
