import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { signInThroughApi } from './helpers';

// The log-access API over HTTP, for every demo identity. The installation
// under test is Release Radar (Globex, paid) on acme.atlassian.net; other
// tests leave it alone.

type Identity = 'orgAdmin' | 'otherSiteAdmin' | 'otherOrgAdmin' | 'appVendor' | 'otherVendor' | 'signedOut';
const emails: Record<Exclude<Identity, 'signedOut'>, string> = {
  orgAdmin: 'admin@acme.example',
  otherSiteAdmin: 'siteadmin@acme.example',
  otherOrgAdmin: 'admin@initech.example',
  appVendor: 'dev@globex.example',
  otherVendor: 'dev@lumen.example',
};

type Installation = {
  id: string;
  app: { id: string; name: string };
  site: { id: string; url: string; organizationId: string };
  logAccess: { state: string };
};

const clients = {} as Record<Identity, APIRequestContext>;
let releaseRadar: Installation;
let quickNotes: Installation;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL }) => {
  for (const identity of Object.keys(emails) as (keyof typeof emails)[]) {
    clients[identity] = await playwrightRequest.newContext({ baseURL });
    await signInThroughApi(clients[identity], emails[identity]);
  }
  clients.signedOut = await playwrightRequest.newContext({ baseURL });
  const { installations } = (await (await clients.orgAdmin.get('/api/v1/installations')).json()) as { installations: Installation[] };
  releaseRadar = installations.find((i) => i.app.name === 'Release Radar' && i.site.url === 'acme.atlassian.net')!;
  quickNotes = installations.find((i) => i.app.name === 'Quick Notes' && i.site.url === 'acme.atlassian.net')!;
  expect(releaseRadar).toBeTruthy();
  expect(quickNotes).toBeTruthy();
});

test.afterAll(async () => {
  await Promise.all(Object.values(clients).map((c) => c.dispose()));
});

const expected: Record<Identity, { get: number; put: number }> = {
  orgAdmin: { get: 200, put: 200 },
  otherSiteAdmin: { get: 404, put: 404 },
  otherOrgAdmin: { get: 404, put: 404 },
  appVendor: { get: 200, put: 403 },
  otherVendor: { get: 404, put: 404 },
  signedOut: { get: 401, put: 401 },
};

for (const identity of Object.keys(expected) as Identity[]) {
  test(`${identity}: GET ${expected[identity].get}, PUT/DELETE ${expected[identity].put}`, async () => {
    const url = `/api/v1/installations/${releaseRadar.id}/log-access`;
    const client = clients[identity];
    const get = await client.get(url);
    expect(get.status()).toBe(expected[identity].get);
    const put = await client.put(url, { data: { enabled: true } });
    expect(put.status()).toBe(expected[identity].put);
    const del = await client.delete(url);
    expect(del.status()).toBe(expected[identity].put);
    // The preview of the vendor's view under a scope is the admins' alone, like changing the grant.
    const preview = await client.post(`${url}/preview`, { data: { scope: { minLevel: 'error', maskPersonalData: true } } });
    expect(preview.status()).toBe(expected[identity].put);
    if (expected[identity].put !== 200) {
      const body = (await put.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toMatch(/^(not_found|forbidden|unauthenticated)$/);
      expect(body.error.message.length).toBeGreaterThan(0);
    }
  });
}

test('GET /api/v1/installations lists what each identity may see', async () => {
  const sites = async (identity: Identity) => {
    const response = await clients[identity].get('/api/v1/installations');
    if (!response.ok()) return response.status();
    const { installations } = (await response.json()) as { installations: Installation[] };
    return [...new Set(installations.map((i) => i.site.url))].sort();
  };
  expect(await sites('orgAdmin')).toEqual(['acme-eu.atlassian.net', 'acme.atlassian.net']);
  expect(await sites('otherSiteAdmin')).toEqual(['acme-eu.atlassian.net']);
  expect(await sites('otherOrgAdmin')).toEqual(['initech.atlassian.net']);
  expect(await sites('signedOut')).toBe(401);
  const { installations } = (await (await clients.otherVendor.get('/api/v1/installations')).json()) as { installations: Installation[] };
  expect(new Set(installations.map((i) => i.app.name))).toEqual(new Set(['Timesheet Pro', 'Quick Notes']));
});

test('PUT is idempotent, shows the state to the vendor, and keeps the history', async () => {
  const url = `/api/v1/installations/${releaseRadar.id}/log-access`;
  const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
  for (let i = 0; i < 2; i++) {
    const response = await clients.orgAdmin.put(url, { data: { enabled: true, expiresAt } });
    expect(response.status()).toBe(200);
    expect((await response.json()).logAccess).toMatchObject({ state: 'shared', until: expiresAt });
  }
  const vendorView = (await (await clients.appVendor.get(url)).json()) as { logAccess: { state: string }; history: { enabledBy: string | null }[] };
  expect(vendorView.logAccess.state).toBe('shared');
  expect(vendorView.history[0]?.enabledBy).toBeNull();

  const off = await clients.orgAdmin.put(url, { data: { enabled: false } });
  expect((await off.json()).logAccess).toEqual({ state: 'not_shared' });
  const again = await clients.orgAdmin.delete(url);
  expect(again.status()).toBe(200);
  const history = (await (await clients.orgAdmin.get(url)).json()).history as { endedBy: string | null }[];
  expect(history.every((h) => h.endedBy === 'disabled')).toBe(true);
});

test('bad input gets a clear 400 or 422, never a 500', async () => {
  const url = `/api/v1/installations/${releaseRadar.id}/log-access`;
  const cases: [unknown, number, RegExp][] = [
    [{ enabled: 'yes' }, 400, /enabled/],
    [{ enabled: true, expiresAt: '2030-01-01' }, 400, /ISO-8601/],
    [{ enabled: true, expiresAt: '2030-01-01T10:00:00' }, 400, /offset/],
    [{ enabled: true, extra: 1 }, 400, /extra|Unrecognized/i],
    [{ enabled: true, expiresAt: '2020-01-01T00:00:00Z' }, 422, /future/],
  ];
  for (const [data, status, message] of cases) {
    const response = await clients.orgAdmin.put(url, { data });
    expect(response.status(), JSON.stringify(data)).toBe(status);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
  }
  const notJson = await clients.orgAdmin.put(url, { data: '{not json', headers: { 'content-type': 'application/json' } });
  expect(notJson.status()).toBe(400);
  const free = await clients.orgAdmin.put(`/api/v1/installations/${quickNotes.id}/log-access`, { data: { enabled: true } });
  expect(free.status()).toBe(422);
  expect(((await free.json()) as { error: { message: string } }).error.message).toMatch(/paid apps/);
  const unknown = await clients.orgAdmin.get('/api/v1/installations/does-not-exist/log-access');
  expect(unknown.status()).toBe(404);
  const weird = await clients.orgAdmin.get(`/api/v1/installations/${encodeURIComponent("x' or 1=1")}/log-access`);
  expect(weird.status()).toBe(404);
});

test('organization settings: organization admins only', async () => {
  const url = `/api/v1/organizations/${releaseRadar.site.organizationId}`;
  const data = { technicalContactEmail: 'it-ops@acme.example' };
  const statuses: Record<Identity, number> = {
    orgAdmin: 200,
    otherSiteAdmin: 403,
    otherOrgAdmin: 404,
    appVendor: 404,
    otherVendor: 404,
    signedOut: 401,
  };
  for (const identity of Object.keys(statuses) as Identity[]) {
    const response = await clients[identity].patch(url, { data });
    expect(response.status(), identity).toBe(statuses[identity]);
  }
  const bad = await clients.orgAdmin.patch(url, { data: { technicalContactEmail: 'not an address' } });
  expect(bad.status()).toBe(400);
  const empty = await clients.orgAdmin.patch(url, { data: {} });
  expect(empty.status()).toBe(400);
});

test('the preview and a scoped enable refuse a bad scope with a 400 naming it, and a free app with a 422', async () => {
  const url = `/api/v1/installations/${releaseRadar.id}/log-access`;
  const admin = clients.orgAdmin;
  const cases: [unknown, RegExp][] = [
    [{ scope: { minLevel: 'fatal' } }, /minLevel must be one of/],
    [{ scope: { modules: { mode: 'include', values: [] } } }, /at least one name/],
    [{ scope: { since: '2026-12-01T00:00:00' } }, /offset or Z/],
    [{ scope: { color: 'red' } }, /color/],
  ];
  for (const [body, message] of cases) {
    const preview = await admin.post(`${url}/preview`, { data: body });
    expect(preview.status(), JSON.stringify(body)).toBe(400);
    expect(((await preview.json()) as { error: { message: string } }).error.message).toMatch(message);
    const put = await admin.put(url, { data: { enabled: true, ...(body as object) } });
    expect(put.status(), JSON.stringify(body)).toBe(400);
  }
  const preview = await admin.post(`${url}/preview`, { data: { scope: { minLevel: 'warn' } } });
  expect(preview.status()).toBe(200);
  const answer = (await preview.json()) as { total: number; shown: number; hidden: { level: number }; lines: { level: string }[] };
  expect(answer.total).toBe(answer.shown + answer.hidden.level);
  for (const line of answer.lines) expect(['error', 'warn']).toContain(line.level);
  expect((await admin.post(`/api/v1/installations/${quickNotes.id}/log-access/preview`, { data: {} })).status()).toBe(422);
});

test('webhooks: organization admins change them, the organization’s site admins read them', async () => {
  const base = `/api/v1/organizations/${releaseRadar.site.organizationId}/webhooks`;
  // A loopback port nothing listens on (the portal under test allows loopback), disabled: no event is queued for it.
  const created = await clients.orgAdmin.post(base, { data: { url: 'http://127.0.0.1:9/matrix', eventTypes: ['policy.changed'], enabled: false } });
  expect(created.status()).toBe(201);
  const { endpoint, secret } = (await created.json()) as { endpoint: { id: string }; secret: string };
  expect(secret).toMatch(/^whsec_/);
  const url = `${base}/${endpoint.id}`;
  try {
    type Want = { list: number; create: number; change: number; test: number; deliveries: number };
    const statuses: Record<Identity, Want> = {
      orgAdmin: { list: 200, create: 400, change: 200, test: 201, deliveries: 200 },
      otherSiteAdmin: { list: 200, create: 403, change: 403, test: 403, deliveries: 200 },
      otherOrgAdmin: { list: 404, create: 404, change: 404, test: 404, deliveries: 404 },
      appVendor: { list: 404, create: 404, change: 404, test: 404, deliveries: 404 },
      otherVendor: { list: 404, create: 404, change: 404, test: 404, deliveries: 404 },
      signedOut: { list: 401, create: 401, change: 401, test: 401, deliveries: 401 },
    };
    for (const identity of Object.keys(statuses) as Identity[]) {
      const client = clients[identity];
      const want = statuses[identity];
      const list = await client.get(base);
      expect(list.status(), `${identity} list`).toBe(want.list);
      if (list.status() === 200) expect(JSON.stringify(await list.json())).not.toContain(secret);
      // An empty body: the organization admin gets the 400 of validation, everyone else is refused before it.
      expect((await client.post(base, { data: {} })).status(), `${identity} create`).toBe(want.create);
      expect((await client.patch(url, { data: { enabled: false } })).status(), `${identity} change`).toBe(want.change);
      expect((await client.post(`${url}/test`)).status(), `${identity} test`).toBe(want.test);
      expect((await client.post(`${url}/rotate-secret`)).status(), `${identity} rotate`).toBe(want.test === 201 ? 200 : want.test);
      expect((await client.get(`${url}/deliveries`)).status(), `${identity} deliveries`).toBe(want.deliveries);
      if (identity !== 'orgAdmin') expect((await client.delete(url)).status(), `${identity} delete`).toBe(want.change);
    }
    const cases: [unknown, number, RegExp][] = [
      [{ url: 'http://siem.example.com/in', eventTypes: ['grant.enabled'] }, 400, /https:\/\//],
      [{ url: 'https://siem.example.com/in', eventTypes: [] }, 400, /at least one/],
      [{ url: 'https://siem.example.com/in', eventTypes: ['grant.everything'] }, 400, /Event types are/],
      [{ url: 'https://10.0.0.5/in', eventTypes: ['grant.enabled'] }, 422, /public addresses only/],
      [{ url: 'https://169.254.169.254/latest', eventTypes: ['grant.enabled'] }, 422, /linkLocal/],
    ];
    for (const [data, status, message] of cases) {
      const response = await clients.orgAdmin.post(base, { data });
      expect(response.status(), JSON.stringify(data)).toBe(status);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    expect((await clients.orgAdmin.get(`${url}/deliveries?cursor=nope!`)).status()).toBe(400);
    expect((await clients.orgAdmin.get(`${base}/not-an-endpoint/deliveries`)).status()).toBe(404);
  } finally {
    expect((await clients.orgAdmin.delete(url)).status()).toBe(204);
  }
});
