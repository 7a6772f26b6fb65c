import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, request as playwrightRequest, test, type Page, type Response } from '@playwright/test';
import pg from 'pg';
import { createUser } from './db';
import { expectNoCspViolations, saveScreenshot, signInThroughApi, waitForApp } from './helpers';

// What the portal promises a browser: every page carries a Content-Security-
// Policy and refuses to be framed, no screen breaks its own policy, writes
// from other origins are refused, sign-in never sends anyone off the portal,
// and the audit trail records the real client, not what it claims.

type Installation = { id: string; app: { id: string; name: string }; site: { url: string } };

/**
 * An attacker's page on another port of the portal's host: another origin,
 * but the same site, so the browser sends SameSite=Lax cookies along. A real
 * server on loopback (a page the test fulfilled itself would count as a public
 * address, and Chromium would refuse its requests to loopback outright).
 */
async function serveAttackerPage(html: string) {
  const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Routes the attacker's host to a stand-in page, so that nothing ever goes out to the network. */
const keepOffTheNetwork = (page: Page) =>
  page.route((url) => url.hostname.endsWith('evil.example'), (route) => route.fulfill({ contentType: 'text/html', body: '<h1>evil</h1>' }));

/** Records every CSP violation the page's documents report, from their first script on. */
async function recordViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
}

const violationsOf = (page: Page) => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

function expectPageHeaders(response: Response | null, what: string) {
  expect(response, what).not.toBeNull();
  const headers = response!.headers();
  const csp = headers['content-security-policy'] ?? '';
  expect(csp, `${what}: CSP`).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(csp, `${what}: CSP`).toContain("frame-ancestors 'none'");
  expect(csp, `${what}: CSP`).toContain("object-src 'none'");
  expect(csp, `${what}: no inline scripts`).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('same-origin');
  // Served over plain http here: HSTS would be wrong.
  expect(headers['strict-transport-security'], what).toBeUndefined();
}

test('every screen carries the framing headers and a CSP, and none breaks its policy', async ({ page, baseURL }) => {
  await recordViolations(page);
  const visit = async (path: string, status = 200) => {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(status);
    expectPageHeaders(response, path);
    await waitForApp(page);
    expect(await violationsOf(page), `${path}: securitypolicyviolation events`).toEqual([]);
  };

  await visit('/signin');
  await saveScreenshot(page, 'security-sign-in');

  // One person with both areas: the Admin Hub of lumen.atlassian.net and Lumen's console.
  await signInThroughApi(page.request, 'owner@lumen.example');
  const { installations } = (await (await page.request.get('/api/v1/installations')).json()) as { installations: Installation[] };
  const own = installations.find((i) => i.site.url === 'lumen.atlassian.net')!;
  const app = installations.find((i) => i.app.name === 'Timesheet Pro')!.app.id;
  for (const path of [
    '/admin/lumen.atlassian.net/apps',
    `/admin/lumen.atlassian.net/apps/${own.id}`,
    '/admin/lumen.atlassian.net/requests',
    '/admin/lumen.atlassian.net/audit',
    '/admin/lumen.atlassian.net/settings',
    '/console',
    `/console/apps/${app}`,
    `/console/apps/${app}/logs`,
    '/console/members',
    '/console/tokens',
  ]) {
    await visit(path);
  }
  // Pages that are not there render per request too, so their scripts carry the nonce.
  await visit('/admin/acme.atlassian.net/apps', 404);
  await visit('/no-such-page', 404);
  await saveScreenshot(page, 'security-not-found');

  // A redirect to sign-in carries them as well.
  const signedOut = await playwrightRequest.newContext({ baseURL });
  try {
    const redirect = await signedOut.get('/console', { maxRedirects: 0 });
    expect(redirect.status()).toBe(307);
    expect(redirect.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(redirect.headers()['x-frame-options']).toBe('DENY');
  } finally {
    await signedOut.dispose();
  }

  const { email } = await createUser({ name: 'Nobody Yet', password: 'correct horse' });
  await page.context().clearCookies();
  await signInThroughApi(page.request, email, 'correct horse');
  await visit('/no-access');
});

test('the violation checks catch a script that the policy blocks', async ({ page }) => {
  await recordViolations(page);
  await page.goto('/signin');
  // Not waitForApp: its watch for later violations would fail this test on purpose.
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  // What injected markup would try: an inline event handler (the policy allows no inline script).
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src="/no-such-image.png" onerror="window.__injected = true">'));
  await expect.poll(() => violationsOf(page)).toEqual([expect.stringMatching(/^script-src-attr inline/)]);
  expect(await page.evaluate(() => '__injected' in window)).toBe(false);
  // The console helper the other specs rely on sees it too.
  await expect.poll(async () => (await page.consoleMessages()).filter((m) => /Content Security Policy/.test(m.text())).length).toBe(1);
  const failure = () => expectNoCspViolations(page).then(() => 'no failure', (error: Error) => error.message);
  expect(await failure()).toContain('Content-Security-Policy violations in the browser console');
  // A violation that never reached the console (a script caught it) is still in the page's reports.
  await page.clearConsoleMessages();
  expect(await failure()).toContain('Content-Security-Policy violation reports of the page');
});

test('a page on another origin cannot frame the portal', async ({ page, baseURL }) => {
  const attacker = await serveAttackerPage(`<h1>Win a prize</h1><iframe src="${baseURL}/signin" width="600" height="400"></iframe>`);
  try {
    await page.goto(attacker.origin);
    await expect
      .poll(async () => (await page.consoleMessages()).some((m) => /frame-ancestors 'none'/.test(m.text())), { message: 'the browser refused the frame' })
      .toBe(true);
    const victim = page.frames().find((f) => f !== page.mainFrame())!;
    await expect(victim.getByRole('heading', { name: 'Sign in to Logshare' })).toHaveCount(0);
    await saveScreenshot(page, 'security-framing-refused');
  } finally {
    await attacker.close();
  }
});

test('a same-site page on another origin cannot write with the session; the portal’s own pages can', async ({ page, baseURL }) => {
  await signInThroughApi(page.request, 'dev@globex.example');
  const attacker = await serveAttackerPage('<h1>Nothing to see</h1>');
  const answers: number[] = [];
  page.on('response', (response) => {
    if (response.url() === `${baseURL}/api/v1/api-tokens` && response.request().method() === 'POST') answers.push(response.status());
  });
  const forged = `csrf-${randomBytes(4).toString('hex')}`;
  try {
    await page.goto(attacker.origin);
    // The classic forgery: "simple" requests, which need no CORS preflight, carrying JSON as text/plain
    // and as a form. The page cannot read the answers, but the requests reach the portal.
    await page.evaluate(
      ([url, name]) =>
        Promise.all([
          fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ name }) }),
          fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include', body: new URLSearchParams({ name: `${name}-form` }) }),
        ]),
      [`${baseURL}/api/v1/api-tokens`, forged] as const,
    );
  } finally {
    await attacker.close();
  }
  // Both reached the portal (with the session cookie: the browser sends SameSite=Lax cookies within the
  // site, ports aside), and were refused; without the origin check the text/plain one made a token.
  await expect.poll(() => answers).toEqual([403, 403]);

  await page.goto('/console/tokens');
  await waitForApp(page);
  const legit = `legit-${randomBytes(4).toString('hex')}`;
  const status = await page.evaluate(
    (name) => fetch('/api/v1/api-tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) }).then((r) => r.status),
    legit,
  );
  expect(status).toBe(201);
  const { tokens } = (await (await page.request.get('/api/v1/api-tokens')).json()) as { tokens: { name: string }[] };
  const names = tokens.map((t) => t.name);
  expect(names).toContain(legit);
  expect(names.filter((n) => n.startsWith(forged))).toEqual([]);
});

test('cross-origin and non-JSON writes are refused with 403 and 415; Bearer calls are not origin-checked', async ({ baseURL }) => {
  const client = await playwrightRequest.newContext({ baseURL });
  try {
    await signInThroughApi(client, 'dev@globex.example');
    const name = `api-${randomBytes(4).toString('hex')}`;
    const evil = await client.post('/api/v1/api-tokens', { headers: { origin: 'https://evil.example' }, data: { name } });
    expect(evil.status()).toBe(403);
    expect(((await evil.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('https://evil.example') });
    const sameSite = await client.post('/api/v1/api-tokens', { headers: { origin: 'http://127.0.0.1:1', 'sec-fetch-site': 'same-site' }, data: { name } });
    expect(sameSite.status()).toBe(403);
    const nullOrigin = await client.post('/api/v1/api-tokens', { headers: { origin: 'null' }, data: { name } });
    expect(nullOrigin.status()).toBe(403);

    for (const [type, body] of [
      ['text/plain', JSON.stringify({ name })],
      ['application/x-www-form-urlencoded', `name=${name}`],
    ] as const) {
      const response = await client.post('/api/v1/api-tokens', { headers: { 'content-type': type }, data: body });
      expect(response.status(), type).toBe(415);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
    }
    expect((await client.post('/api/v1/api-tokens')).status()).toBe(415);

    const same = await client.post('/api/v1/api-tokens', { headers: { origin: new URL(baseURL!).origin, 'sec-fetch-site': 'same-origin' }, data: { name } });
    expect(same.status()).toBe(201);
    const headers = same.headers();
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(headers['x-frame-options']).toBe('DENY');

    // A Bearer token is not ambient: the origin does not matter, the token does (401 for a bad one, not 403).
    const bearer = await client.post('/api/v1/ingest', {
      headers: { origin: 'https://evil.example', authorization: 'Bearer lsi_not-a-real-token', 'content-type': 'application/x-ndjson' },
      data: '{}\n',
    });
    expect(bearer.status()).toBe(401);
  } finally {
    await client.dispose();
  }
});

test('sign-in keeps a hostile callback URL on the portal', async ({ page, baseURL }) => {
  await keepOffTheNetwork(page);
  const portal = new URL(baseURL!).origin;
  for (const callbackUrl of ['/\\evil.example', '/\t/evil.example', '//evil.example', 'https://evil.example/']) {
    await page.context().clearCookies();
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    await waitForApp(page);
    await page.getByTestId('email').fill('dev@globex.example');
    await page.getByTestId('password').fill('demo');
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('signed-in-as'), JSON.stringify(callbackUrl)).toHaveText('dev@globex.example');
    expect(new URL(page.url()).origin, JSON.stringify(callbackUrl)).toBe(portal);
  }

  // next-auth's own redirect answers stay on the portal too, and a value its default check throws on is no 500.
  for (const callbackUrl of ['https://evil.example/', '/\\evil.example', 'not a url']) {
    const client = await playwrightRequest.newContext({ baseURL });
    try {
      const { csrfToken } = (await (await client.get('/api/auth/csrf')).json()) as { csrfToken: string };
      const response = await client.post('/api/auth/callback/credentials', {
        form: { csrfToken, email: 'dev@globex.example', password: 'demo', callbackUrl, json: 'true' },
      });
      expect(response.status(), callbackUrl).toBe(200);
      const { url } = (await response.json()) as { url: string };
      expect(new URL(url).origin, callbackUrl).toBe(portal);
      // In the query, where next-auth's own check answered a value that is no URL with a 500.
      const signIn = await client.get(`/api/auth/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`, { maxRedirects: 0 });
      expect(signIn.status(), callbackUrl).toBe(302);
      expect(new URL(signIn.headers().location!, portal).origin, callbackUrl).toBe(portal);
      expect((await client.get(`/api/auth/session?callbackUrl=${encodeURIComponent(callbackUrl)}`)).status(), callbackUrl).toBe(200);
    } finally {
      await client.dispose();
    }
  }
});

test('the audit trail records the socket’s address, not a spoofed X-Forwarded-For, and a spoofed https gets no HSTS', async ({ baseURL }) => {
  const client = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.66', 'x-real-ip': '203.0.113.67', 'x-logshare-client-ip': '203.0.113.68', 'x-forwarded-proto': 'https' },
  });
  const name = `audit-${randomBytes(4).toString('hex')}`;
  try {
    await signInThroughApi(client, 'dev@globex.example');
    const created = await client.post('/api/v1/api-tokens', { data: { name } });
    expect(created.status()).toBe(201);
    expect(created.headers()['strict-transport-security']).toBeUndefined();
  } finally {
    await client.dispose();
  }
  const db = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query<{ ip_address: string | null }>(`SELECT ip_address FROM audit_events WHERE action = 'API_TOKEN_CREATED' AND details->>'name' = $1`, [name]);
    // The tests reach the portal over loopback, with no trusted proxy configured.
    expect(rows).toEqual([{ ip_address: '127.0.0.1' }]);
  } finally {
    await db.end();
  }
});
