import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import AtlassianProvider from 'next-auth/providers/atlassian';
import { encode } from 'next-auth/jwt';
import CredentialsProvider from 'next-auth/providers/credentials';
import { portalCallbackUrl } from '@/lib/auth/callback-url';
import { verifyPassword } from '@/lib/auth/password';
import { assertLiveSessionToken, revokeSession, SessionEndedError, tokenMaxAge, tokenWithNewSession } from '@/lib/auth/sessions';
import { findUserByEmail, linkExternalIdentity } from '@/lib/auth/users';
import { isDatabaseUnavailable } from '@/lib/db/database-unavailable';
import { db } from '@/lib/db/prisma';
import { serverEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { signInSchema } from '@/lib/validations/auth';

// The session (a signed JWT cookie) carries only the user's id and the id of
// its server-side session (lib/auth/sessions.ts), checked on every request so
// sign-out ends it everywhere and it ends SESSION_MAX_AGE_HOURS after sign-in.
// Roles are read from the database on every request by the guards in lib/auth/guards.ts.
export function authOptions(): NextAuthOptions {
  const env = serverEnv();
  const maxAge = env.SESSION_MAX_AGE_HOURS * 3600;
  const atlassian =
    env.ATLASSIAN_CLIENT_ID && env.ATLASSIAN_CLIENT_SECRET
      ? [
          AtlassianProvider({
            clientId: env.ATLASSIAN_CLIENT_ID,
            clientSecret: env.ATLASSIAN_CLIENT_SECRET,
            authorization: { params: { scope: 'read:me', audience: 'api.atlassian.com', prompt: 'consent' } },
          }),
        ]
      : [];

  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge },
    // next-auth re-issues the token with a fresh maxAge on every session read: cap it at the session's absolute expiry.
    jwt: { encode: (params) => encode({ ...params, maxAge: tokenMaxAge(params.token, params.maxAge ?? maxAge) }) },
    pages: { signIn: '/signin', error: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'E-mail and password',
        credentials: { email: { label: 'E-mail', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(raw) {
          const parsed = signInSchema.safeParse(raw);
          if (!parsed.success) return null;
          const user = await findUserByEmail(parsed.data.email);
          // Hash even when the user is unknown so timing does not reveal who has an account.
          const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? DUMMY_HASH);
          if (!user || !user.passwordHash || !ok) {
            log.info('sign-in refused', { email: parsed.data.email });
            return null;
          }
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
      ...atlassian,
    ],
    callbacks: {
      async signIn({ user, account }) {
        if (!account || account.provider === 'credentials') return true;
        // External sign-in only for people the portal already knows.
        const linked = await linkExternalIdentity({ provider: account.provider, subject: account.providerAccountId, email: user.email });
        return linked ? true : '/signin?error=NoAccount';
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          const userId =
            account.provider === 'credentials'
              ? user.id
              : (await db().userIdentity.findUnique({ where: { provider_subject: { provider: account.provider, subject: account.providerAccountId } } }))?.userId;
          if (!userId) throw new SessionEndedError('no Logshare account for this sign-in');
          return tokenWithNewSession(token, { userId, maxAgeSeconds: maxAge });
        }
        // Every later read: a revoked, expired or unknown session is signed out (next-auth then clears the cookie).
        try {
          await assertLiveSessionToken(token);
        } catch (error) {
          // The database is down: the session is neither confirmed nor ended, so the cookie stays as it is.
          if (isDatabaseUnavailable(error)) return token;
          throw error;
        }
        return token;
      },
      // Only back to the portal, whatever the callback URL says (next-auth's own check throws on some values).
      async redirect({ url, baseUrl }) {
        return portalCallbackUrl(url, baseUrl);
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === 'string') await revokeSession(token.sid);
      },
    },
    logger: {
      error(code, metadata) {
        // A signed-out or expired session token is everyday business, not an error.
        const name = (metadata as { name?: unknown } | undefined)?.name;
        if (code === 'JWT_SESSION_ERROR' && (name === 'SessionEndedError' || name === 'JWTExpired')) log.info('session ended', { reason: (metadata as Error).message });
        else log.error('next-auth error', { code, metadata });
      },
      warn: (code) => log.warn('next-auth warning', { code }),
      debug: () => undefined,
    },
  };
}

// A valid hash of a random password, used when the e-mail is unknown.
const DUMMY_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$VQwQVU+7+vDIswMDaBrElaUqyOx3jlOh+yBMUvbUNiKN7+W0OJXwzrEVJC84BH//Q4UciUG3lVXN41XQ2TJ+/w==';
