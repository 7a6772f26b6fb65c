import { NextResponse, type NextRequest } from 'next/server';
import { serverEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { requestIdOf } from '@/lib/request-id';
import { reachedOverHttps } from '@/lib/api/client-headers';
import { newNonce, pageContentSecurityPolicy, STRICT_TRANSPORT_SECURITY } from '@/lib/api/security-headers';

// Runs before every page request: gives it a request ID (logged, and echoed
// in x-request-id), its Content-Security-Policy with a fresh nonce (Next.js
// reads the nonce from the request's copy of the header and puts it on its
// scripts), HSTS over https, and sends people without a session cookie to sign-in.
// It only redirects; every page authorizes on the server itself. API routes
// do not pass here: apiRoute (lib/api/route.ts) gives them their request ID.

const PUBLIC_PATHS = ['/signin'];
const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];

export function proxy(request: NextRequest) {
  const requestId = requestIdOf(request.headers);
  const { pathname, search } = request.nextUrl;
  log.info('request', { requestId, method: request.method, path: pathname });
  const https = reachedOverHttps(request.headers, serverEnv().NEXTAUTH_URL);
  const csp = pageContentSecurityPolicy({ nonce: newNonce(), https, development: process.env.NODE_ENV === 'development' });

  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!hasSession && !PUBLIC_PATHS.some((p) => pathname.startsWith(p))) {
    const url = request.nextUrl.clone();
    url.pathname = '/signin';
    url.search = pathname === '/' ? '' : `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    return withPageHeaders(NextResponse.redirect(url), { requestId, csp, https });
  }

  const headers = new Headers(request.headers);
  headers.set('x-request-id', requestId);
  headers.set('content-security-policy', csp);
  return withPageHeaders(NextResponse.next({ request: { headers } }), { requestId, csp, https });
}

function withPageHeaders(response: NextResponse, page: { requestId: string; csp: string; https: boolean }): NextResponse {
  response.headers.set('x-request-id', page.requestId);
  response.headers.set('content-security-policy', page.csp);
  if (page.https) response.headers.set('strict-transport-security', STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|robots.txt).*)'],
};
