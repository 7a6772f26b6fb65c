import 'server-only';
import { cookies } from 'next/headers';
import { decode, type JWT } from 'next-auth/jwt';
import { serverEnv } from '@/lib/env';

// The session token of the request, read as next-auth reads it (its cookie
// name, its decoder and secret) without running next-auth's whole session
// action, which on every request also derives keys twice, makes a CSRF token
// and encodes a new token that a route handler cannot set anyway. The token
// is a few hundred bytes, never chunked across cookies.

/** next-auth's cookie name: __Secure- prefixed when the portal is served over https. */
export function sessionCookieName(publicUrl = serverEnv().NEXTAUTH_URL): string {
  return publicUrl.startsWith('https://') ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
}

/** The decoded session token, or null without one or with one that does not decode (tampered, another secret, expired). */
export async function readSessionToken(): Promise<JWT | null> {
  const token = (await cookies()).get(sessionCookieName())?.value;
  if (!token) return null;
  try {
    return await decode({ token, secret: serverEnv().NEXTAUTH_SECRET });
  } catch {
    return null;
  }
}
