import NextAuth from 'next-auth';
import { apiRoute } from '@/lib/api/route';
import { withSignInThrottle } from '@/lib/api/throttle-sign-in';
import { authOptions } from '@/lib/auth/options';

// next-auth's own endpoints (sign-in, session, CSRF), wrapped like every API
// route for the request ID and the error mapper. Password sign-in passes the
// sign-in throttle first.
const handler = apiRoute<{ nextauth: string[] }>((request, params) => {
  const nextAuth = (r: Request) => NextAuth(r as never, { params: Promise.resolve(params) } as never, authOptions()) as Promise<Response>;
  const isPasswordSignIn = request.method === 'POST' && params.nextauth.join('/') === 'callback/credentials';
  return isPasswordSignIn ? withSignInThrottle(request, nextAuth) : nextAuth(request);
});

export { handler as GET, handler as POST };
