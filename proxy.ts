import { NextResponse, type NextRequest } from 'next/server';
import { log } from '@/lib/log';
import { requestIdOf } from '@/lib/request-id';

// Runs before every page request: gives it a request ID (logged, and echoed
// in x-request-id) and sends people without a session cookie to sign-in.
// It only redirects; every page authorizes on the server itself. API routes
// do not pass here: apiRoute (lib/api/route.ts) gives them their request ID.

const PUBLIC_PATHS = ['/signin'];
const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];

export function proxy(request: NextRequest) {
  const requestId = requestIdOf(request.headers);
  const { pathname, search } = request.nextUrl;
  log.info('request', { requestId, method: request.method, path: pathname });

  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!hasSession && !PUBLIC_PATHS.some((p) => pathname.startsWith(p))) {
    const url = request.nextUrl.clone();
    url.pathname = '/signin';
    url.search = pathname === '/' ? '' : `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    const response = NextResponse.redirect(url);
    response.headers.set('x-request-id', requestId);
    return response;
  }

  const headers = new Headers(request.headers);
  headers.set('x-request-id', requestId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('x-request-id', requestId);
  return response;
}

export const config = {
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|robots.txt).*)'],
};
