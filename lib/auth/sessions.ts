import 'server-only';
import { randomBytes } from 'node:crypto';
import type { JWT } from 'next-auth/jwt';
import { db, pgPool } from '@/lib/db/prisma';

// Server-side sessions behind the JWT cookie. The cookie carries the
// session's id (`sid`); every request reads the row by its primary key, so
// a sign-out on one server ends the session on all of them, and the session
// ends at its absolute expiry however often it is used.

export type LiveSession = { id: string; userId: string; expiresAt: Date };

/** Writes a session that ends `maxAgeSeconds` after `now`, whatever happens in between. */
export async function createSession(options: { userId: string; maxAgeSeconds: number; now?: Date }): Promise<LiveSession> {
  const now = options.now ?? new Date();
  return db().session.create({
    data: {
      id: randomBytes(24).toString('base64url'),
      userId: options.userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + options.maxAgeSeconds * 1000),
    },
    select: { id: true, userId: true, expiresAt: true },
  });
}

/** The session if it exists, is not revoked and has not expired at `now`; null otherwise. */
export async function findLiveSession(id: string, now = new Date()): Promise<LiveSession | null> {
  // A prepared statement on the pool rather than the ORM: every signed-in request runs it before anything else.
  const { rows } = await pgPool().query<{ id: string; user_id: string; expires_at: Date; revoked_at: Date | null }>({
    name: 'live-session',
    text: 'SELECT id, user_id, expires_at, revoked_at FROM sessions WHERE id = $1',
    values: [id],
  });
  const row = rows[0];
  if (!row || row.revoked_at || row.expires_at <= now) return null;
  return { id: row.id, userId: row.user_id, expiresAt: row.expires_at };
}

/** Ends one session (sign-out); ending an ended one changes nothing. */
export async function revokeSession(id: string, now = new Date()): Promise<void> {
  await db().session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
}

/** Ends every live session of a person ("sign out everywhere"); returns how many were live. */
export async function revokeAllSessionsOf(userId: string, now = new Date()): Promise<number> {
  const { count } = await db().session.updateMany({ where: { userId, revokedAt: null, expiresAt: { gt: now } }, data: { revokedAt: now } });
  return count;
}

/** Deletes expired sessions (revoked ones too once expired): a token of a missing session is refused like a revoked one. */
export async function purgeExpiredSessions(now = new Date()): Promise<number> {
  const { count } = await db().session.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}

/** Why a session token no longer signs anyone in: sign-out, sign-out everywhere, expiry, or a token from before sessions. */
export class SessionEndedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SessionEndedError';
  }
}

/** A new sign-in's token: it carries its session's id (`sid`) and absolute expiry (epoch seconds). */
export async function tokenWithNewSession(token: JWT, options: { userId: string; maxAgeSeconds: number; now?: Date }): Promise<JWT> {
  const session = await createSession(options);
  return { ...token, uid: options.userId, sid: session.id, sessionExpiresAt: Math.floor(session.expiresAt.getTime() / 1000) };
}

/** The token's session and person, or SessionEndedError when the token itself says the session is over (or carries none). */
export function sessionClaims(token: JWT, now = new Date()): { sid: string; uid: string } {
  if (typeof token.sid !== 'string' || typeof token.uid !== 'string') throw new SessionEndedError('the token carries no session');
  if (typeof token.sessionExpiresAt !== 'number' || token.sessionExpiresAt * 1000 <= now.getTime()) throw new SessionEndedError('the session expired');
  return { sid: token.sid, uid: token.uid };
}

/** Throws SessionEndedError unless the token's session is live and its person's: one primary-key read. */
export async function assertLiveSessionToken(token: JWT, now = new Date()): Promise<void> {
  const { sid, uid } = sessionClaims(token, now);
  const session = await findLiveSession(sid, now);
  if (!session || session.userId !== uid) throw new SessionEndedError('the session was signed out or expired');
}

/** Seconds a token may live: never past its session's absolute expiry, however often it is re-issued. */
export function tokenMaxAge(token: JWT | undefined, maxAgeSeconds: number, now = new Date()): number {
  if (typeof token?.sessionExpiresAt !== 'number') return maxAgeSeconds;
  return Math.max(0, Math.min(maxAgeSeconds, token.sessionExpiresAt - Math.floor(now.getTime() / 1000)));
}
