import NextAuth from 'next-auth';
import { NextRequest } from 'next/server';
import { AppError } from '@/lib/errors';
import { apiRoute, readSmallBodyText, withBodyText } from '@/lib/api/route';
import { withSignInThrottle } from '@/lib/api/throttle-sign-in';
import { portalCallbackUrl } from '@/lib/auth/callback-url';
import { authOptions } from '@/lib/auth/options';
import { serverEnv } from '@/lib/env';

// next-auth's own endpoints (sign-in, session, CSRF), wrapped like every API
// route for the request ID and the error mapper. Password sign-in passes the
// sign-in throttle first.

// next-auth copies some query values (?error=) into a Location header as they
// are, and a header cannot carry control characters or characters beyond
// Latin-1: such a value made it throw, a 500. They are refused first.
const HEADER_UNSAFE = /[\u0000-\u001f\u007f\u0100-\uffff]/;

const handler = apiRoute<{ nextauth: string[] }>(async (received, params) => {
  for (const [key, value] of new URL(received.url).searchParams) {
    if (HEADER_UNSAFE.test(key) || HEADER_UNSAFE.test(value)) throw new AppError('bad_request', 'Query parameters of sign-in must be plain text.');
  }
  let request = withPortalCallbackUrl(received);
  const route = params.nextauth.join('/');
  // The credentials callback takes a POST only; next-auth throws on a GET of it.
  if (request.method === 'GET' && route === 'callback/credentials') throw new AppError('bad_request', 'Sign in with a POST.');
  if (request.method === 'POST' && route === '_log') request = await withKnownClientLogLevel(request);
  const nextAuth = (r: Request) => NextAuth(r as never, { params: Promise.resolve(params) } as never, authOptions()) as Promise<Response>;
  const isPasswordSignIn = request.method === 'POST' && route === 'callback/credentials';
  return isPasswordSignIn ? withSignInThrottle(request, nextAuth) : nextAuth(request);
});

/**
 * next-auth's browser code posts its own errors to _log, and next-auth calls
 * its logger by the posted level: any other level made it log an error of its
 * own for each such request. The body is read once, within the API's bound,
 * and handed on as a request of its own.
 */
async function withKnownClientLogLevel(request: Request): Promise<Request> {
  const body = await readSmallBodyText(request);
  const level = new URLSearchParams(body).get('level');
  if (level !== 'error' && level !== 'warn' && level !== 'debug') throw new AppError('bad_request', 'level must be error, warn or debug.');
  return withBodyText(request, body);
}

/**
 * next-auth answers a callbackUrl it cannot parse as a URL with a 500; one on
 * the portal is what it would get from the redirect callback anyway, so the
 * query's callbackUrl is made one before next-auth sees it.
 */
function withPortalCallbackUrl(request: Request): Request {
  const url = new URL(request.url);
  const callbackUrl = url.searchParams.get('callbackUrl');
  if (callbackUrl === null) return request;
  url.searchParams.set('callbackUrl', portalCallbackUrl(callbackUrl, serverEnv().NEXTAUTH_URL));
  // next-auth reads nextUrl: a NextRequest, as Next hands it in.
  return new NextRequest(url, request);
}

export { handler as GET, handler as POST };
