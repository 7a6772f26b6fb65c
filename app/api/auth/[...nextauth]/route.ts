import NextAuth from 'next-auth';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/route';
import { authOptions } from '@/lib/auth/options';

// next-auth's own endpoints (sign-in, session, CSRF), wrapped like every API
// route for the request ID and the error mapper.

// next-auth copies some query values (?error=) into a Location header as they
// are, and a header cannot carry control characters or characters beyond
// Latin-1: such a value made it throw, a 500. They are refused first.
const HEADER_UNSAFE = /[\u0000-\u001f\u007f\u0100-\uffff]/;

const handler = apiRoute<{ nextauth: string[] }>(async (request, params) => {
  for (const [key, value] of new URL(request.url).searchParams) {
    if (HEADER_UNSAFE.test(key) || HEADER_UNSAFE.test(value)) throw new AppError('bad_request', 'Query parameters of sign-in must be plain text.');
  }
  // The credentials callback takes a POST only; next-auth throws on a GET of it.
  if (request.method === 'GET' && params.nextauth.join('/') === 'callback/credentials') throw new AppError('bad_request', 'Sign in with a POST.');
  return NextAuth(request as never, { params: Promise.resolve(params) } as never, authOptions());
});

export { handler as GET, handler as POST };
