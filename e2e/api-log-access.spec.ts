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
