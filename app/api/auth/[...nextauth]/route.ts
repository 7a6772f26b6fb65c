import NextAuth from 'next-auth';
import { apiRoute } from '@/lib/api/route';
import { authOptions } from '@/lib/auth/options';

// next-auth's own endpoints (sign-in, session, CSRF), wrapped like every API
// route for the request ID and the error mapper.
const handler = apiRoute<{ nextauth: string[] }>((request, params) =>
  NextAuth(request as never, { params: Promise.resolve(params) } as never, authOptions()),
);

export { handler as GET, handler as POST };
