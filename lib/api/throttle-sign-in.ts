import 'server-only';
import { readSmallBodyText, requestMeta, withBodyText } from '@/lib/api/route';
import { recordSignInOutcome, reserveSignInAttempt } from '@/lib/auth/sign-in-throttle';
import { signInSchema } from '@/lib/validations/auth';

// next-auth's credentials `authorize` can only refuse (401), never answer 429,
// so the throttle wraps the whole POST /api/auth/callback/credentials: a
// throttled attempt is answered here (AppError → 429 with Retry-After) before
// next-auth sees it, and next-auth's answer tells whether the password matched.

const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?=[^;]/;

export async function withSignInThrottle(request: Request, signIn: (request: Request) => Promise<Response>): Promise<Response> {
  // Read once, within the API's bound (a 413 beyond it, a 400 for a body cut off), and handed on to next-auth.
  const body = await readSmallBodyText(request);
  const attempt = await reserveSignInAttempt({ email: emailOf(request, body), ipAddress: requestMeta(request).ipAddress });
  const response = await signIn(withBodyText(request, body));
  await recordSignInOutcome(attempt, { succeeded: setsSessionCookie(response) });
  return response;
}

/** The e-mail of a sign-in body (form or JSON, as next-auth takes them); null when there is none. */
function emailOf(request: Request, text: string): string | null {
  let value: unknown;
  if (request.headers.get('content-type')?.includes('application/json')) {
    try {
      value = (JSON.parse(text) as { email?: unknown } | null)?.email;
    } catch {
      value = undefined;
    }
  } else {
    value = new URLSearchParams(text).get('email');
  }
  const parsed = signInSchema.shape.email.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** next-auth sets the session cookie only when the credentials were accepted. */
function setsSessionCookie(response: Response): boolean {
  return response.headers.getSetCookie().some((cookie) => SESSION_COOKIE.test(cookie));
}
