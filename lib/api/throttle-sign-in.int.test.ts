import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { announceClientStamping, CLIENT_ADDRESS_HEADER } from '@/lib/api/client-headers';
import { apiRoute, MAX_JSON_BODY_BYTES } from '@/lib/api/route';
import { withSignInThrottle } from '@/lib/api/throttle-sign-in';
import { SIGN_IN_LIMITS } from '@/lib/auth/sign-in-throttle';

// The sign-in throttle as POST /api/auth/callback/credentials runs it, with a
// stand-in for next-auth that accepts one password: like next-auth, it sets
// the session cookie on success and answers 401 otherwise. Counts live in the
// shared database, so every test uses e-mails and addresses of its own.

const RIGHT = 'the-right-password';
let passwordChecks = 0;

async function fakeNextAuth(request: Request): Promise<Response> {
  passwordChecks++;
  const form = new URLSearchParams(await request.text());
  if (form.get('password') === RIGHT) {
    return new Response(JSON.stringify({ url: 'http://portal.test/' }), { headers: { 'set-cookie': 'next-auth.session-token=signed; Path=/; HttpOnly' } });
  }
  return new Response(JSON.stringify({ url: 'http://portal.test/api/auth/error?error=CredentialsSignin' }), { status: 401 });
}

// The client's address as the portal's own server hands it on (scripts/start.ts).
announceClientStamping();
const route = apiRoute((request) => withSignInThrottle(request, fakeNextAuth));

function signIn(options: { email: string; password: string; ip: string }): Promise<Response> {
  const request = new Request('http://portal.test/api/auth/callback/credentials', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', [CLIENT_ADDRESS_HEADER]: options.ip },
    body: new URLSearchParams({ email: options.email, password: options.password, csrfToken: 'csrf', json: 'true' }),
  });
  return route(request, { params: Promise.resolve({}) });
}

const unique = () => randomBytes(4).toString('hex');
const newEmail = () => `throttle-${unique()}@people.example`;
const newIp = () => `10.${randomBytes(3).join('.')}`;

async function failTimes(n: number, email: string, ip: string) {
  for (let i = 0; i < n; i++) expect((await signIn({ email, password: 'wrong', ip })).status).toBe(401);
}

describe('sign-in throttle', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("reads the body once within the API's bound: one over it is a 413, one cut off a 400, and next-auth sees neither", async () => {
    const post = (body: BodyInit) =>
      route(
        new Request('http://portal.test/api/auth/callback/credentials', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', [CLIENT_ADDRESS_HEADER]: newIp() },
          body,
          duplex: 'half',
        } as RequestInit),
        { params: Promise.resolve({}) },
      );
    const checksBefore = passwordChecks;
    expect((await post(new URLSearchParams({ email: newEmail(), password: 'p'.repeat(MAX_JSON_BODY_BYTES) }))).status).toBe(413);
    const cutOff = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('email=a%40b.example&pass'));
        controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      },
    });
    expect((await post(cutOff)).status).toBe(400);
    expect(passwordChecks).toBe(checksBefore);
    // The body next-auth is handed is the one sent.
    expect((await signIn({ email: newEmail(), password: RIGHT, ip: newIp() })).status).toBe(200);
  });

  it(`refuses the attempt after ${SIGN_IN_LIMITS.accountFailures} failures with 429, Retry-After and the wait in minutes, even with the right password`, async () => {
    const email = newEmail();
    const ip = newIp();
    await failTimes(SIGN_IN_LIMITS.accountFailures, email, ip);
    const checksBefore = passwordChecks;
    const refused = await signIn({ email, password: RIGHT, ip });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(SIGN_IN_LIMITS.firstBlockSeconds - 10);
    expect(retryAfter).toBeLessThanOrEqual(SIGN_IN_LIMITS.firstBlockSeconds);
    expect(await refused.json()).toEqual({ error: { code: 'rate_limited', message: 'Too many attempts, try again in 15 minutes.' } });
    // Refused before the password is checked, from another address too.
    expect((await signIn({ email, password: RIGHT, ip: newIp() })).status).toBe(429);
    expect(passwordChecks).toBe(checksBefore);
  });

  it('leaves other accounts from the same address alone', async () => {
    const ip = newIp();
    const blocked = newEmail();
    await failTimes(SIGN_IN_LIMITS.accountFailures, blocked, ip);
    expect((await signIn({ email: blocked, password: 'wrong', ip })).status).toBe(429);
    expect((await signIn({ email: newEmail(), password: RIGHT, ip })).status).toBe(200);
    expect((await signIn({ email: newEmail(), password: 'wrong', ip })).status).toBe(401);
  });

  it('answers an unknown account exactly like a known one', async () => {
    // The stand-in knows no accounts at all: what is counted is the e-mail, whoever owns it.
    const ip = newIp();
    const known = newEmail();
    const unknown = newEmail();
    await failTimes(SIGN_IN_LIMITS.accountFailures, known, ip);
    await failTimes(SIGN_IN_LIMITS.accountFailures, unknown, ip);
    const [a, b] = await Promise.all([signIn({ email: known, password: 'x', ip }), signIn({ email: unknown, password: 'x', ip })]);
    expect([a.status, b.status]).toEqual([429, 429]);
    expect(await a.json()).toEqual(await b.json());
  });

  it('forgets an account’s failures after a successful sign-in', async () => {
    const email = newEmail();
    const ip = newIp();
    await failTimes(SIGN_IN_LIMITS.accountFailures - 1, email, ip);
    expect((await signIn({ email, password: RIGHT, ip })).status).toBe(200);
    await failTimes(SIGN_IN_LIMITS.accountFailures, email, ip);
    expect((await signIn({ email, password: RIGHT, ip })).status).toBe(429);
  });

  it('counts the e-mail however it is written', async () => {
    const email = newEmail();
    const ip = newIp();
    await failTimes(SIGN_IN_LIMITS.accountFailures, email, ip);
    expect((await signIn({ email: `  ${email.toUpperCase()} `, password: RIGHT, ip })).status).toBe(429);
  });

  it('lets through at most the allowance of parallel guesses', async () => {
    const email = newEmail();
    const ip = newIp();
    const checksBefore = passwordChecks;
    const answers = await Promise.all(Array.from({ length: 20 }, () => signIn({ email, password: 'wrong', ip })));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(SIGN_IN_LIMITS.accountFailures);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(20 - SIGN_IN_LIMITS.accountFailures);
    expect(passwordChecks - checksBefore).toBe(SIGN_IN_LIMITS.accountFailures);
  });

  it('blocks longer each time within a day, and lets the account in once a block is over', async () => {
    const email = newEmail();
    const ip = newIp();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    await failTimes(SIGN_IN_LIMITS.accountFailures, email, ip);
    vi.setSystemTime(Date.now() + (SIGN_IN_LIMITS.firstBlockSeconds + 1) * 1000);
    await failTimes(SIGN_IN_LIMITS.accountFailures, email, ip);
    const second = await signIn({ email, password: RIGHT, ip });
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(2 * SIGN_IN_LIMITS.firstBlockSeconds - 10);
    expect((await second.json()).error.message).toBe('Too many attempts, try again in 30 minutes.');
    vi.setSystemTime(Date.now() + (2 * SIGN_IN_LIMITS.firstBlockSeconds + 1) * 1000);
    expect((await signIn({ email, password: RIGHT, ip })).status).toBe(200);
  });

  it(`refuses an address after ${SIGN_IN_LIMITS.addressFailures} failures an hour, across accounts; other addresses go on`, async () => {
    const ip = newIp();
    for (let i = 0; i < SIGN_IN_LIMITS.addressFailures; i++) expect((await signIn({ email: newEmail(), password: 'wrong', ip })).status).toBe(401);
    const refused = await signIn({ email: newEmail(), password: RIGHT, ip });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(SIGN_IN_LIMITS.addressWindowSeconds - 60);
    expect((await signIn({ email: newEmail(), password: RIGHT, ip: newIp() })).status).toBe(200);
  });

  it('never counts successful sign-ins against the address', async () => {
    const ip = newIp();
    const email = newEmail();
    for (let i = 0; i < SIGN_IN_LIMITS.addressFailures + 5; i++) expect((await signIn({ email, password: RIGHT, ip })).status).toBe(200);
  });
});
