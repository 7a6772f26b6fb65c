import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { signInThroughApi } from './helpers';

// The console's API routes for every kind of caller, on Lumen's Timesheet Pro.

type Identity = 'appVendor' | 'otherVendor' | 'siteAdmin' | 'signedOut';
const emails: Record<Exclude<Identity, 'signedOut'>, string> = {
  appVendor: 'dev@lumen.example',
  otherVendor: 'dev@globex.example',
  siteAdmin: 'admin@acme.example',
};
const clients = {} as Record<Identity, APIRequestContext>;
let appId: string;
let vendorId: string;
const range = `from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date().toISOString()}`;

test.beforeAll(async ({ baseURL }) => {
  for (const identity of Object.keys(emails) as (keyof typeof emails)[]) {
    clients[identity] = await playwrightRequest.newContext({ baseURL });
    await signInThroughApi(clients[identity], emails[identity]);
  }
  clients.signedOut = await playwrightRequest.newContext({ baseURL });
  const { installations } = (await (await clients.appVendor.get('/api/v1/installations')).json()) as {
    installations: { app: { id: string; name: string }; vendor: { id: string } }[];
  };
  const timesheet = installations.find((i) => i.app.name === 'Timesheet Pro')!;
  appId = timesheet.app.id;
  vendorId = timesheet.vendor.id;
});

test.afterAll(async () => {
  await Promise.all(Object.values(clients).map((c) => c.dispose()));
});

// A site admin of a site where the app is installed is still not its vendor: the console is the vendor's.
type Expected = { logs: number; exportFile: number; members: number; addMember: number; tokens: number; savedViews: number; saveView: number };
const expected: Record<Identity, Expected> = {
  appVendor: { logs: 200, exportFile: 200, members: 200, addMember: 403, tokens: 200, savedViews: 200, saveView: 201 },
  otherVendor: { logs: 404, exportFile: 404, members: 404, addMember: 404, tokens: 200, savedViews: 404, saveView: 404 },
  siteAdmin: { logs: 404, exportFile: 404, members: 404, addMember: 404, tokens: 200, savedViews: 404, saveView: 404 },
  signedOut: { logs: 401, exportFile: 401, members: 401, addMember: 401, tokens: 401, savedViews: 401, saveView: 401 },
};

for (const identity of Object.keys(expected) as Identity[]) {
  test(`${identity}: console routes answer ${JSON.stringify(expected[identity])}`, async () => {
    const client = clients[identity];
    const want = expected[identity];
    expect((await client.get(`/api/v1/apps/${appId}/logs?${range}`)).status()).toBe(want.logs);
    expect((await client.get(`/api/v1/apps/${appId}/logs/count?${range}`)).status()).toBe(want.logs);
    expect((await client.get(`/api/v1/apps/${appId}/logs/export?${range}&format=csv`)).status()).toBe(want.exportFile);
    expect((await client.get(`/api/v1/vendors/${vendorId}/members`)).status()).toBe(want.members);
    expect((await client.post(`/api/v1/vendors/${vendorId}/members`, { data: { email: 'admin@initech.example', role: 'VIEWER' } })).status()).toBe(want.addMember);
    expect((await client.get('/api/v1/api-tokens')).status()).toBe(want.tokens);
    // Saved views and the sharing sites the open viewer polls follow the logs' rule (viewers: lib/saved-views/saved-views.int.test.ts).
    expect((await client.get(`/api/v1/apps/${appId}/saved-views`)).status()).toBe(want.savedViews);
    expect((await client.get(`/api/v1/apps/${appId}/log-sources`)).status()).toBe(want.savedViews);
    const view = { name: `matrix ${identity} ${Date.now()}`, view: { range: { kind: 'relative', last: '24h' } } };
    const saved = await client.post(`/api/v1/apps/${appId}/saved-views`, { data: view });
    expect(saved.status()).toBe(want.saveView);
    if (saved.status() === 201) expect((await client.delete(`/api/v1/apps/${appId}/saved-views/${((await saved.json()) as { id: string }).id}`)).status()).toBe(204);
    // The live tail streams for the vendor (checked in the browser); everyone else is refused at once.
    if (identity !== 'appVendor') expect((await client.get(`/api/v1/apps/${appId}/logs/tail`)).status()).toBe(want.logs);
    // A line's context is refused like the logs before any line is looked up (the vendor's own reads: console-lines.spec.ts).
    const lineRef = Buffer.from('someinstallation|2026-12-01T00:00:00.000Z|1').toString('base64url');
    if (identity !== 'appVendor') expect((await client.get(`/api/v1/apps/${appId}/logs/lines/${lineRef}/context`)).status()).toBe(want.logs);
  });
}

test('bad console queries get a clear 400 or 422', async () => {
  const client = clients.appVendor;
  const cases: [string, number, RegExp][] = [
    [`/api/v1/apps/${appId}/logs?${range}&environment=prod`, 400, /environment/],
    [`/api/v1/apps/${appId}/logs?${range}&format=xml`, 400, /json or otlp/],
    [`/api/v1/apps/${appId}/logs?${range}&limit=5000`, 400, /at most 1000/],
    [`/api/v1/apps/${appId}/logs?from=${new Date().toISOString()}&to=${new Date(Date.now() - 1000).toISOString()}`, 422, /after/],
    [`/api/v1/apps/${appId}/logs/export?${range}&format=pdf`, 400, /ndjson or csv/],
    [`/api/v1/apps/${appId}/logs/count?${range}&limit=5`, 400, /limit/],
    [`/api/v1/apps/${appId}/logs/tail?level=loud`, 400, /level/],
    [`/api/v1/apps/not-an-app/logs?${range}`, 404, /No such app/],
  ];
  for (const [url, status, message] of cases) {
    const response = await client.get(url);
    expect(response.status(), url).toBe(status);
    expect(((await response.json()) as { error: { message: string } }).error.message, url).toMatch(message);
  }
  const tokenWithoutName = await client.post('/api/v1/api-tokens', { data: { name: '' } });
  expect(tokenWithoutName.status()).toBe(400);
  // A site admin who is no vendor member cannot mint vendor tokens.
  expect((await clients.siteAdmin.post('/api/v1/api-tokens', { data: { name: 'x' } })).status()).toBe(403);
});
