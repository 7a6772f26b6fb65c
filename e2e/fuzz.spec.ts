import fc from 'fast-check';
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { signInThroughApi, waitForApp } from './helpers';
import { createFuzzWorld, FUZZ_PASSWORD, type FuzzWorld } from './fuzz/fuzz-world';
import { hostileJson, hostileNumber, hostileSearchQuery, hostileString, ndjsonLine, obj, otlpBody, PROTOTYPE_NAMES, q } from './fuzz/hostile-inputs';
import { otlpMessages } from '@/lib/ingest/otlp-proto-schema';

// Property-based fuzzing of every API route and both ingest formats against
// the built portal: more than 2,000 generated bad inputs per run. Each must
// get its documented status (never a 5xx), every line an ingest request
// holds must be accounted for (stored or rejected with a reason), and
// afterwards every read of the installation the inputs went to still answers
// 200 and holds exactly the lines ingest accepted. The inputs go to a world
// of the suite's own (fuzz/fuzz-world.ts), so specs running alongside never
// see them. The seed is fixed (FUZZ_SEED overrides it); fast-check prints a
// failing seed, path and shrunk counterexample.

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
const run = <T>(arbitrary: fc.Arbitrary<T>, numRuns: number, check: (value: T) => Promise<void>) =>
  fc.assert(fc.asyncProperty(arbitrary, check), { seed: SEED, numRuns, endOnFailure: process.env.FUZZ_SHRINK !== '1' });

const DAY = 86_400_000;
/** Ingest requests per token and minute are limited (600 by default): the suite spreads its requests over tokens of its own. */
const INGEST_TOKENS = 8;

// One world, made once; each property takes about a minute on a busy machine.
test.describe.configure({ mode: 'serial', timeout: 240_000 });

let world: FuzzWorld;
let admin: APIRequestContext;
let dev: APIRequestContext;
let app: APIRequestContext;
let origin: string;
const tokens: string[] = [];
let sent = 0;
/** Lines (NDJSON) and records (OTLP) the portal said it stored. */
let accepted = 0;

const nextToken = () => tokens[sent++ % tokens.length]!;

test.beforeAll(async ({ baseURL }) => {
  origin = baseURL!;
  world = await createFuzzWorld();
  admin = await playwrightRequest.newContext({ baseURL });
  await signInThroughApi(admin, world.adminEmail, FUZZ_PASSWORD);
  dev = await playwrightRequest.newContext({ baseURL });
  await signInThroughApi(dev, world.devEmail, FUZZ_PASSWORD);
  for (let i = 0; i < INGEST_TOKENS; i++) {
    const created = await dev.post(`/api/v1/apps/${world.appId}/ingest-tokens`, { headers: { origin }, data: { name: `fuzz ${i}`, environment: 'production' } });
    expect(created.status()).toBe(201);
    tokens.push(((await created.json()) as { secret: string }).secret);
  }
  app = await playwrightRequest.newContext({ baseURL });
});

test.afterAll(async () => {
  await Promise.all([admin?.dispose(), dev?.dispose(), app?.dispose()]);
});

/** Fails with what was sent when the status is not one of `allowed`; a 5xx is never allowed. */
async function expectStatus(response: APIResponse, allowed: number[], sentWhat: string) {
  const status = response.status();
  if (!allowed.includes(status)) {
    throw new Error(`${sentWhat} → ${status} (expected one of ${allowed.join(', ')}): ${(await response.text()).slice(0, 300)}`);
  }
  // 431: a URL beyond Node's 16 KiB header limit, refused by the HTTP server before any route runs.
  if (status >= 400 && status !== 431) {
    // OTLP answers a protobuf request in protobuf: a google.rpc.Status with a code and a message.
    if (response.headers()['content-type']?.startsWith('application/x-protobuf')) {
      const rpc = otlpMessages.status.toObject(otlpMessages.status.decode(await response.body()), { defaults: true }) as { code?: unknown; message?: unknown };
      if (typeof rpc.code !== 'number' || rpc.code === 0 || typeof rpc.message !== 'string' || rpc.message === '') throw new Error(`${sentWhat} → ${status} without a google.rpc.Status`);
      return;
    }
    const body = (await response.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
    if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string') throw new Error(`${sentWhat} → ${status} without { error: { code, message } }`);
  }
}

function arrayOf(body: string): unknown[] | null {
  try {
    const value: unknown = JSON.parse(body);
    return Array.isArray(value) && value.length > 0 ? value : null;
  } catch {
    return null;
  }
}

test('NDJSON ingest: hostile lines are stored or rejected one by one, never a 5xx', async () => {
  const batch = fc.array(ndjsonLine(world.installationId), { minLength: 1, maxLength: 5 });
  await run(batch, 600, async (lines) => {
    const body = lines.join('\n');
    const response = await app.post('/api/v1/ingest', { headers: { authorization: `Bearer ${nextToken()}`, 'content-type': 'application/x-ndjson' }, data: body });
    // A body whose first character (after whitespace) is [ is one JSON array, its items the lines; a 400 when it is not one.
    const items = /^[ \t\r\n]*\[/.test(body) ? arrayOf(body) : lines;
    await expectStatus(response, items ? [200, 422] : [400], `NDJSON ${lines.join('\\n').slice(0, 300)}`);
    if (!items) return;
    const answer = (await response.json()) as { accepted: number; rejected: { line: number; error: string }[] };
    expect(answer.accepted + answer.rejected.length, 'every line is stored or rejected').toBe(items.length);
    expect(answer.rejected.every((r) => typeof r.error === 'string' && r.error.length > 0)).toBe(true);
    expect(response.status() === 200).toBe(answer.accepted > 0);
    accepted += answer.accepted;
  });
});

test('OTLP/JSON ingest: hostile bodies and records are a 400 or a partial success, never a 5xx', async () => {
  await run(otlpBody(world.installationId), 450, async (body) => {
    const response = await app.post('/api/otlp/v1/logs', { headers: { authorization: `Bearer ${nextToken()}`, 'content-type': 'application/json' }, data: body });
    await expectStatus(response, [200, 400], `OTLP ${body.slice(0, 300)}`);
    if (response.status() !== 200) return;
    const answer = (await response.json()) as { partialSuccess?: { rejectedLogRecords: number } };
    const request = JSON.parse(body) as { resourceLogs?: { scopeLogs?: { logRecords?: unknown[] }[] }[] };
    const total = (request.resourceLogs ?? []).flatMap((r) => (r.scopeLogs ?? []).flatMap((s) => s.logRecords ?? [])).length;
    accepted += total - (answer.partialSuccess?.rejectedLogRecords ?? 0);
  });
});

test('ingest headers: odd content types, encodings, keys and tokens get their documented status', async () => {
  const headers = fc.record({
    path: fc.constantFrom('/api/v1/ingest', '/api/otlp/v1/logs'),
    contentType: fc.option(fc.oneof(fc.constantFrom('application/x-ndjson', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'application/x-protobuf', 'text/html', 'multipart/form-data', ...PROTOTYPE_NAMES), hostileString), { nil: undefined }),
    encoding: fc.option(fc.oneof(fc.constantFrom('gzip', 'br', 'identity', 'gzip, gzip', ...PROTOTYPE_NAMES), hostileString), { nil: undefined }),
    idempotencyKey: fc.option(hostileString, { nil: undefined }),
    authorization: fc.oneof(fc.constant('valid'), fc.constantFrom('', 'Bearer', 'Bearer lsi_nope', 'Basic abc', 'Bearer constructor'), hostileString),
    body: fc.oneof(fc.constant(''), fc.constant(`${obj([['installationId', q('x')]])}\n`), hostileString),
  });
  await run(headers, 200, async (h) => {
    const printable = (value: string) => /^[\t\x20-\x7e]*$/.test(value);
    const given: Record<string, string | undefined> = {
      authorization: h.authorization === 'valid' ? `Bearer ${nextToken()}` : h.authorization,
      'content-type': h.contentType,
      'content-encoding': h.encoding,
      'idempotency-key': h.idempotencyKey,
    };
    // An HTTP client cannot send a header with control or non-ASCII characters at all; headers over 16 KiB are a 431 from the HTTP server.
    const sentHeaders = Object.fromEntries(Object.entries(given).filter((e): e is [string, string] => e[1] !== undefined && printable(e[1])));
    const response = await app.post(h.path, { headers: sentHeaders, data: h.body });
    await expectStatus(response, [200, 400, 401, 413, 415, 422, 429, 431], `${h.path} ${JSON.stringify(sentHeaders)}`);
  });
});

/** A query string of known and unknown parameters, each value hostile or sensible. */
const queryString = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom('from', 'to', 'limit', 'cursor', 'level', 'q', 'site', 'environment', 'version', 'invocationId', 'format', 'mask', 'status', 'action', 'app', 'actor', 'group'), fc.constantFrom(...PROTOTYPE_NAMES), hostileString),
      fc.oneof(
        hostileString,
        hostileSearchQuery,
        hostileNumber.map(String),
        fc.constantFrom('9999-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '2026-12-01T00:00:00', 'now', '-1', '0', '1001', '1e9', 'csv', 'otlp', 'true', 'production', 'VENDOR_LOGS_READ', 'system', 'sessions'),
        fc.integer({ min: -40, max: 40 }).map((days) => new Date(Date.now() + days * DAY).toISOString()),
        fc.constantFrom('MjAyNi0xMS0zMFQxMDowMDowMC4wMDBafDk5OTk5OTk5OTk5OTk5OTk5OTk', 'KzI3NTc2MC0wOS0xM1QwMDowMDowMC4wMDBafDE'),
      ),
    ),
    { maxLength: 6 },
  )
  .map((pairs) => new URLSearchParams(pairs).toString());

test('every GET route: hostile query strings and path ids get 200, 400, 404, 422 (or 431 for a URL over 16 KiB)', async () => {
  const routes = () => [
    { who: admin, path: '/api/v1/installations' },
    { who: admin, path: `/api/v1/installations/${world.installationId}/log-access` },
    { who: admin, path: `/api/v1/installations/${world.installationId}/access-requests` },
    { who: admin, path: `/api/v1/installations/${world.installationId}/logs` },
    { who: admin, path: `/api/v1/installations/${world.installationId}/logs/summary` },
    { who: admin, path: `/api/v1/installations/${world.installationId}/logs/export` },
    { who: dev, path: `/api/v1/installations/${world.installationId}/logs` },
    { who: admin, path: `/api/v1/sites/${world.siteId}/access-requests` },
    { who: admin, path: `/api/v1/sites/${world.siteId}/audit-events` },
    { who: admin, path: `/api/v1/sites/${world.siteId}/audit-events/export` },
    { who: admin, path: `/api/v1/sites/${world.siteId}/audit-events/1/session` },
    { who: dev, path: `/api/v1/sites/${world.siteId}/audit-events` },
    { who: admin, path: '/api/v1/dev/outbox' },
    { who: dev, path: '/api/v1/api-tokens' },
    { who: dev, path: `/api/v1/apps/${world.appId}/ingest-tokens` },
    { who: dev, path: `/api/v1/apps/${world.appId}/logs` },
    { who: dev, path: `/api/v1/apps/${world.appId}/logs/export` },
    { who: dev, path: `/api/v1/apps/${world.appId}/logs/count` },
    { who: dev, path: `/api/v1/apps/${world.appId}/saved-views` },
    { who: dev, path: `/api/v1/apps/${world.appId}/log-sources` },
    { who: dev, path: `/api/v1/apps/${world.appId}/logs/volume` },
    { who: dev, path: `/api/v1/apps/${world.appId}/logs/facets` },
    { who: dev, path: `/api/v1/apps/${world.appId}/logs/patterns` },
    { who: dev, path: `/api/v1/apps/${world.appId}/logs/lines/not-a-line/context` },
    { who: dev, path: `/api/v1/vendors/${world.vendorId}/members` },
    { who: app, path: '/api/health' },
    { who: app, path: '/api/auth/session' },
    { who: app, path: '/api/auth/providers' },
    { who: app, path: '/api/auth/csrf' },
  ];
  // Not an empty id: Next answers a path with "//" by a redirect that repeats the URL twice in its headers, too long for a client to read for a long query.
  const hostileId = fc.oneof(
    fc.oneof(hostileString, fc.constantFrom(...PROTOTYPE_NAMES)).filter((id) => id !== '').map((id) => encodeURIComponent(id.toWellFormed())),
    // Sent as they are: percent sequences that do not decode to UTF-8.
    fc.constantFrom('%FF', '%ED%A0%80', '100%', '%E0%A4%A', '%C0%AF'),
  );
  const request = fc.tuple(fc.nat(), queryString, fc.option(hostileId, { freq: 3 }));
  await run(request, 650, async ([pick, query, id]) => {
    const route = routes()[pick % routes().length]!;
    // Sometimes the route's own id is swapped for a hostile one.
    const path = id !== null ? route.path.replace(/(fz(?:inst|site|app|vendor)[0-9a-f]+)/, id) : route.path;
    const response = await route.who.get(`${path}?${query}`);
    await expectStatus(response, [200, 400, 403, 404, 422, 431], `GET ${path}?${query.slice(0, 500)}`);
    await response.dispose();
  });
});

test('the live tail: hostile query strings get 400 or a stream that starts', async () => {
  const cookie = (await dev.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  await run(queryString, 60, async (query) => {
    const controller = new AbortController();
    const response = await fetch(`${origin}/api/v1/apps/${world.appId}/logs/tail?${query}`, { headers: { cookie }, signal: controller.signal });
    const allowed = [200, 400, 404, 422, 431];
    const text = response.status === 200 ? '' : await response.text();
    controller.abort();
    if (!allowed.includes(response.status)) throw new Error(`tail ?${query} → ${response.status}: ${text.slice(0, 300)}`);
  });
});

test("next-auth's routes: hostile queries and form bodies get a redirect or a 4xx, never a 5xx", async () => {
  // No valid CSRF token is ever sent, so no password is checked and no sign-in throttle can count these.
  const field = fc.tuple(fc.oneof(fc.constantFrom('error', 'email', 'password', 'csrfToken', 'json', 'provider', 'callbackUrl', ...PROTOTYPE_NAMES), hostileString), fc.oneof(hostileString, fc.constantFrom('true', 'CredentialsSignin', '%00')));
  const request = fc.record({
    method: fc.constantFrom('GET', 'POST'),
    action: fc.oneof(fc.constantFrom('session', 'csrf', 'providers', 'signin', 'signin/credentials', 'signout', 'error', '_log', 'callback/credentials', 'callback/atlassian', 'verify-request'), hostileString.map((s) => encodeURIComponent(s.toWellFormed()))),
    query: fc.array(field, { maxLength: 3 }),
    form: fc.array(field, { maxLength: 4 }),
  });
  await run(request, 150, async (r) => {
    const query = new URLSearchParams(r.query.map(([k, v]) => [k.toWellFormed(), v.toWellFormed()])).toString();
    const path = `/api/auth/${r.action}${query ? `?${query}` : ''}`;
    const form = new URLSearchParams(r.form.map(([k, v]) => [k.toWellFormed(), v.toWellFormed()])).toString();
    const response = await app.fetch(path, { method: r.method, maxRedirects: 0, ...(r.method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded', origin }, data: form } : {}) });
    const status = response.status();
    if (status >= 500 || ![200, 302, 308, 400, 401, 403, 404, 405, 429, 431].includes(status)) throw new Error(`${r.method} ${path} ${form} → ${status}: ${(await response.text()).slice(0, 300)}`);
    await response.dispose();
  });
  // next-auth's browser logger posts error, warn or debug; any other level is refused rather than logged as next-auth's own error.
  const clientLog = (level: string) => app.post('/api/auth/_log', { headers: { 'content-type': 'application/x-www-form-urlencoded', origin }, data: new URLSearchParams({ level, code: 'FUZZ' }).toString() });
  expect((await clientLog('constructor')).status()).toBe(400);
  expect((await clientLog('warn')).status()).toBe(200);
  // Its body is bounded like every small API body: one over the bound is answered 413 at once.
  const oversized = await app.post('/api/auth/_log', { headers: { 'content-type': 'application/x-www-form-urlencoded', origin }, data: `level=warn&code=${'x'.repeat(70_000)}` });
  expect(oversized.status()).toBe(413);
});

/** JSON bodies of wrong shapes, types and sizes, as text, with odd content types. */
const writeBody = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.tuple(fc.oneof(fc.constantFrom('name', 'environment', 'expiresAt', 'reason', 'note', 'email', 'role', 'enabled', 'appId', 'siteId', 'product', 'appVersion', 'shareLogsByDefault', 'technicalContactEmail', 'view', 'extendsGrantId', 'scope'), fc.constantFrom(...PROTOTYPE_NAMES), hostileString), hostileJson), { maxLength: 5 }).map(obj) },
  { weight: 1, arbitrary: hostileJson },
  { weight: 1, arbitrary: fc.constantFrom('', '{', 'not json', `{"name":"${'x'.repeat(70_000)}"}`, '{"reason":"' + 'r'.repeat(20) + '\\u0000"}', '{"name":"\\ud800"}') },
);

test('every write route: hostile JSON bodies get their documented 4xx (or succeed), never a 5xx', async () => {
  const routes = () => [
    { who: admin, method: 'POST', path: '/api/v1/installations' },
    { who: admin, method: 'PUT', path: `/api/v1/installations/${world.installationId}/log-access` },
    { who: admin, method: 'POST', path: `/api/v1/installations/${world.installationId}/log-access/preview` },
    { who: admin, method: 'PATCH', path: `/api/v1/organizations/${world.organizationId}` },
    { who: admin, method: 'POST', path: `/api/v1/organizations/${world.organizationId}/webhooks` },
    { who: admin, method: 'PATCH', path: `/api/v1/organizations/${world.organizationId}/webhooks/fzNoSuchEndpoint` },
    { who: dev, method: 'POST', path: `/api/v1/installations/${world.installationId}/access-requests` },
    { who: admin, method: 'POST', path: '/api/v1/access-requests/fzNoSuchRequest/approve' },
    { who: admin, method: 'POST', path: '/api/v1/access-requests/fzNoSuchRequest/decline' },
    { who: dev, method: 'POST', path: '/api/v1/access-requests/fzNoSuchRequest/withdraw' },
    { who: dev, method: 'POST', path: '/api/v1/api-tokens' },
    { who: dev, method: 'DELETE', path: '/api/v1/api-tokens/fzNoSuchToken' },
    { who: dev, method: 'POST', path: `/api/v1/apps/${world.appId}/ingest-tokens` },
    { who: dev, method: 'DELETE', path: `/api/v1/apps/${world.appId}/ingest-tokens/fzNoSuchToken` },
    { who: dev, method: 'POST', path: `/api/v1/apps/${world.appId}/saved-views` },
    { who: dev, method: 'PATCH', path: `/api/v1/apps/${world.appId}/saved-views/fzNoSuchView` },
    { who: dev, method: 'DELETE', path: `/api/v1/apps/${world.appId}/saved-views/fzNoSuchView` },
    { who: dev, method: 'POST', path: `/api/v1/vendors/${world.vendorId}/members` },
    { who: dev, method: 'PATCH', path: `/api/v1/vendors/${world.vendorId}/members/fzNoSuchMember` },
    { who: dev, method: 'DELETE', path: `/api/v1/vendors/${world.vendorId}/members/fzNoSuchMember` },
  ];
  const contentType = fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'constructor', undefined);
  await run(fc.tuple(fc.nat(), writeBody, contentType), 450, async ([pick, body, type]) => {
    const route = routes()[pick % routes().length]!;
    const headers: Record<string, string> = { origin, ...(type ? { 'content-type': type } : {}) };
    const response = await route.who.fetch(route.path, { method: route.method, headers, data: body });
    await expectStatus(response, [200, 201, 204, 400, 403, 404, 409, 413, 415, 422], `${route.method} ${route.path} (${type}) ${body.slice(0, 300)}`);
    await response.dispose();
  });
});

test("afterwards every read of the installation answers 200 and holds exactly the lines ingest accepted", async ({ page }) => {
  expect(sent, 'the suite sent its ingest requests').toBeGreaterThan(1_000);
  expect(accepted, 'some generated lines were valid').toBeGreaterThan(0);
  // The write fuzzing may have stopped sharing: the site's admin shares again, as the vendor's reads need it.
  const shared = await admin.put(`/api/v1/installations/${world.installationId}/log-access`, { headers: { origin }, data: { enabled: true } });
  expect(shared.status()).toBe(200);

  const range = `from=${new Date(Date.now() - 29 * DAY).toISOString()}&to=${new Date(Date.now() + DAY).toISOString()}`;
  const base = `/api/v1/installations/${world.installationId}`;
  const summary = await admin.get(`${base}/logs/summary?${range}`);
  expect(summary.status()).toBe(200);
  expect(((await summary.json()) as { totalLines: number }).totalLines, 'every accepted line is there, and nothing else').toBe(accepted);
  for (const [who, path] of [
    [admin, `${base}/logs?${range}&limit=1000`],
    [dev, `${base}/logs?${range}&limit=1000`],
    [admin, `${base}/logs/export?${range}`],
    [admin, `${base}/logs/export?${range}&format=csv&mask=true`],
    [admin, `${base}/log-access`],
    [admin, `${base}/access-requests`],
    [admin, '/api/v1/installations'],
    [dev, `/api/v1/apps/${world.appId}/logs?${range}&limit=1000`],
    [dev, `/api/v1/apps/${world.appId}/logs?${range}&format=otlp`],
    [dev, `/api/v1/apps/${world.appId}/logs/export?${range}`],
    [dev, `/api/v1/apps/${world.appId}/logs/count?${range}`],
    [dev, `/api/v1/apps/${world.appId}/saved-views`],
  ] as const) {
    const response = await who.get(path);
    expect(response.status(), path).toBe(200);
    await response.body();
  }
  // Paths that do not percent-decode name nothing: a JSON 404 (Next alone would answer 500).
  for (const path of ['/api/v1/apps/%FF/logs', `/api/v1/installations/%ED%A0%80/logs?${range}`, '/api/v1/installations/100%/log-access']) {
    await expectStatus(await dev.get(path), [404], `GET ${path}`);
  }
  const page1 = (await (await admin.get(`${base}/logs?${range}&limit=1000`)).json()) as { lines: { attributes: unknown }[] };
  expect(page1.lines.length).toBe(Math.min(accepted, 1000));

  // The pages people see: the admin's, then the vendor's.
  await page.context().addCookies((await admin.storageState()).cookies);
  for (const path of ['apps', `apps/${world.installationId}`, 'audit', 'requests', 'settings']) {
    const response = await page.goto(`/admin/${world.siteUrl}/${path}`);
    expect(response?.status(), path).toBe(200);
    await waitForApp(page);
    await expect(page.getByText('Application error')).toHaveCount(0);
  }
  // Page URLs that do not name anything, or do not even decode, are a 404 page, not a 500.
  for (const path of ['/admin/%ED%A0%80/apps', '/admin/%00/apps', `/admin/${world.siteUrl}/apps/%00`, `/admin/${world.siteUrl}/apps/constructor`, `/admin/${world.siteUrl}/audit?app=%00&page=1e400`]) {
    const response = await page.goto(path);
    expect([200, 404], path).toContain(response?.status());
  }
  await page.context().clearCookies();
  await page.context().addCookies((await dev.storageState()).cookies);
  const hostileView = `/console/apps/${world.appId}/logs?range=custom&firstDay=2026-02-30&lastDay=x&level=__proto__&site=%00&q=%ED%A0%80`;
  for (const path of ['/console/apps/%ED%A0%80/logs', '/console/apps/constructor', `/console/apps/${world.appId}/logs/%00`]) {
    const response = await page.goto(path);
    expect([200, 404], path).toContain(response?.status());
  }
  for (const path of [`/console/apps/${world.appId}`, `/console/apps/${world.appId}/logs?range=30d`, `/console/apps/${world.appId}/logs?range=constructor`, hostileView, '/console/tokens', '/console/members']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await waitForApp(page);
    await expect(page.getByText('Application error')).toHaveCount(0);
  }
});
