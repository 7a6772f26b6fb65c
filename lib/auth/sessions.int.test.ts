import { randomBytes } from 'node:crypto';
import type { Account, User } from 'next-auth';
import { decode, type JWT } from 'next-auth/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { authOptions } from '@/lib/auth/options';
import { purgeExpiredSessions, revokeAllSessionsOf, sessionClaims } from '@/lib/auth/sessions';
import { findViewerOfSession } from '@/lib/auth/viewer';
import { isDatabaseUnavailable } from '@/lib/db/database-unavailable';
import { createPool, createPrisma, processDb } from '@/lib/db/client';
import { db } from '@/lib/db/prisma';
import { serverEnv } from '@/lib/env';

// Server-side sessions through next-auth's own callbacks, as every request
// runs them: the jwt callback at sign-in and on every session read, the
// signOut event, and the token encoder.

const options = authOptions();
const jwt = options.callbacks!.jwt!;
const maxAgeSeconds = serverEnv().SESSION_MAX_AGE_HOURS * 3600;

async function newUser(): Promise<string> {
  const user = await db().user.create({ data: { email: `session-${randomBytes(4).toString('hex')}@people.example`, name: 'Sam Session' } });
  return user.id;
}

/** What next-auth's credentials callback hands the jwt callback at sign-in. */
function signIn(userId: string): Promise<JWT> {
  const user = { id: userId } as User;
  const account = { provider: 'credentials', type: 'credentials', providerAccountId: userId } as Account;
  return jwt({ token: { sub: userId }, user, account }) as Promise<JWT>;
}

/** A later session read (every page and API request, and GET /api/auth/session). */
const read = (token: JWT) => jwt({ token } as never);

describe('sessions', () => {
  let userId: string;
  beforeAll(async () => {
    userId = await newUser();
  });

  it('starts a session at sign-in that ends SESSION_MAX_AGE_HOURS later, and reads it back', async () => {
    const before = Date.now();
    const token = await signIn(userId);
    expect(token).toMatchObject({ uid: userId, sid: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) });
    const row = await db().session.findUniqueOrThrow({ where: { id: token.sid as string } });
    expect(row.userId).toBe(userId);
    expect(row.revokedAt).toBeNull();
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(maxAgeSeconds * 1000);
    expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(token.sessionExpiresAt).toBe(Math.floor(row.expiresAt.getTime() / 1000));
    await expect(read(token)).resolves.toEqual(token);
  });

  it('ends the session on sign-out, for every later read of the same token', async () => {
    const token = await signIn(userId);
    const other = await signIn(userId);
    await options.events!.signOut!({ token, session: null as never });
    await expect(read(token)).rejects.toMatchObject({ name: 'SessionEndedError' });
    await expect(read(other)).resolves.toEqual(other);
    expect((await db().session.findUniqueOrThrow({ where: { id: token.sid as string } })).revokedAt).not.toBeNull();
  });

  it('signs a person out everywhere, and no one else', async () => {
    const someoneElse = await newUser();
    const mine = [await signIn(userId), await signIn(userId)];
    const theirs = await signIn(someoneElse);
    expect(await revokeAllSessionsOf(userId)).toBeGreaterThanOrEqual(2);
    for (const token of mine) await expect(read(token)).rejects.toMatchObject({ name: 'SessionEndedError' });
    await expect(read(theirs)).resolves.toEqual(theirs);
  });

  it('ends a session at its absolute expiry however recently it was used', async () => {
    const token = await signIn(userId);
    await expect(read(token)).resolves.toEqual(token);
    await db().session.update({ where: { id: token.sid as string }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(read(token)).rejects.toMatchObject({ name: 'SessionEndedError' });
    // The token's own copy of the expiry is enough too.
    const fresh = await signIn(userId);
    await expect(read({ ...fresh, sessionExpiresAt: Math.floor(Date.now() / 1000) - 1 })).rejects.toMatchObject({ name: 'SessionEndedError' });
  });

  it('refuses tokens without a session, with an unknown one, or with another person’s', async () => {
    const token = await signIn(userId);
    await expect(read({ uid: userId })).rejects.toMatchObject({ name: 'SessionEndedError' });
    await expect(read({ ...token, sid: 'no-such-session' })).rejects.toMatchObject({ name: 'SessionEndedError' });
    await expect(read({ ...token, uid: await newUser() })).rejects.toMatchObject({ name: 'SessionEndedError' });
  });

  it('never issues a token that outlives its session, however often it is re-issued', async () => {
    const token = await signIn(userId);
    const secret = serverEnv().NEXTAUTH_SECRET;
    const soon = Math.floor(Date.now() / 1000) + 60;
    const encoded = await options.jwt!.encode!({ token: { ...token, sessionExpiresAt: soon }, secret, maxAge: maxAgeSeconds });
    const decoded = await decode({ token: encoded, secret });
    expect(decoded?.exp).toBeLessThanOrEqual(soon);
    const full = await decode({ token: await options.jwt!.encode!({ token, secret, maxAge: maxAgeSeconds }), secret });
    expect(full?.exp).toBeLessThanOrEqual(token.sessionExpiresAt as number);
    expect(full?.exp).toBeGreaterThan(soon);
  });

  it('purges expired sessions and keeps live ones', async () => {
    const live = await signIn(userId);
    const old = await signIn(userId);
    await db().session.update({ where: { id: old.sid as string }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await purgeExpiredSessions()).toBeGreaterThanOrEqual(1);
    expect(await db().session.findUnique({ where: { id: old.sid as string } })).toBeNull();
    expect(await db().session.findUnique({ where: { id: live.sid as string } })).not.toBeNull();
  });
});

// What every signed-in page and API request runs (getViewer): the token's claims, then one read of the
// person behind a live session.
describe('the viewer of a session', () => {
  const viewerOf = (token: JWT) => findViewerOfSession(sessionClaims(token));

  it('is the session’s person while it is live, and no one once it is signed out, expired, or not theirs', async () => {
    const userId = await newUser();
    const token = await signIn(userId);
    await expect(viewerOf(token)).resolves.toMatchObject({ id: userId, adminSites: [], vendors: [] });
    await expect(viewerOf({ ...token, uid: await newUser() })).resolves.toBeNull();
    await expect(viewerOf({ ...token, sid: 'no-such-session' })).resolves.toBeNull();

    const expiring = await signIn(userId);
    await db().session.update({ where: { id: expiring.sid as string }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(viewerOf(expiring)).resolves.toBeNull();

    await options.events!.signOut!({ token, session: null as never });
    await expect(viewerOf(token)).resolves.toBeNull();
  });

  it('refuses from the token alone a session without an id or past its expiry', () => {
    expect(() => sessionClaims({ uid: 'someone' })).toThrow(/carries no session/);
    expect(() => sessionClaims({ uid: 'someone', sid: 'a-session', sessionExpiresAt: Math.floor(Date.now() / 1000) - 1 })).toThrow(/expired/);
  });

  it('fails as the database being unavailable (a 503, not a sign-out) while it cannot be asked', async () => {
    const token = await signIn(await newUser());
    const cache = processDb as { logsharePool?: typeof processDb.logsharePool };
    const pool = cache.logsharePool;
    const deadPool = createPool('postgresql://postgres@127.0.0.1:1/postgres', 1);
    cache.logsharePool = deadPool;
    let failure: unknown;
    try {
      await viewerOf(token);
    } catch (error) {
      failure = error;
    } finally {
      cache.logsharePool = pool;
      await deadPool.end();
    }
    expect(isDatabaseUnavailable(failure)).toBe(true);
    await expect(viewerOf(token)).resolves.not.toBeNull();
  });
});

describe('sessions while the database is down', () => {
  it('neither ends nor confirms a session it cannot check, and checks it again once the database is back', async () => {
    const userId = await newUser();
    const live = await signIn(userId);
    const signedOut = await signIn(userId);
    await options.events!.signOut!({ token: signedOut, session: null as never });
    const cache = processDb as { logsharePrisma?: typeof processDb.logsharePrisma; logsharePool?: typeof processDb.logsharePool };
    const [prisma, pool] = [cache.logsharePrisma, cache.logsharePool];
    // A pool on a port where nothing listens stands for the outage.
    const deadPool = createPool('postgresql://postgres@127.0.0.1:1/postgres', 1);
    cache.logsharePool = deadPool;
    cache.logsharePrisma = createPrisma(deadPool);
    let during: JWT[];
    try {
      during = (await Promise.all([read(live), read(signedOut)])) as JWT[];
    } finally {
      [cache.logsharePrisma, cache.logsharePool] = [prisma, pool];
      await deadPool.end();
    }
    // Both cookies are kept as they were: the signed-out one too, as nothing could say it had ended.
    expect(during).toEqual([live, signedOut]);
    // Back: each is checked again.
    await expect(read(live)).resolves.toEqual(live);
    await expect(read(signedOut)).rejects.toMatchObject({ name: 'SessionEndedError' });
  });
});
