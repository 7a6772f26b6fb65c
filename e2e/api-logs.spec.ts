import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { signInThroughApi } from './helpers';

// The logs API over HTTP: slices, summary and export, their errors, and who
// may read. Mostly on Test Case Manager (Northwind, paid) on acme.atlassian.net,
// which no other test shares or changes.

type Line = { id: string; timestamp: string; level: string; message: string; module: string | null };
let admin: APIRequestContext;
let otherOrgAdmin: APIRequestContext;
let signedOut: APIRequestContext;
let installationId: string;
let freeInstallationId: string;

const DAY = 86_400_000;
const now = Date.now();
// Nearly the whole retention window: the demo data is random and spread over 30 days.
const range = `from=${new Date(now - 29 * DAY).toISOString()}&to=${new Date(now).toISOString()}`;

test.beforeAll(async ({ baseURL }) => {
  admin = await playwrightRequest.newContext({ baseURL });
  await signInThroughApi(admin, 'admin@acme.example');
  otherOrgAdmin = await playwrightRequest.newContext({ baseURL });
  await signInThroughApi(otherOrgAdmin, 'admin@initech.example');
  signedOut = await playwrightRequest.newContext({ baseURL });
  const { installations } = (await (await admin.get('/api/v1/installations')).json()) as {
    installations: { id: string; app: { name: string; isPaid: boolean }; site: { url: string } }[];
  };
  const onAcme = installations.filter((i) => i.site.url === 'acme.atlassian.net');
  installationId = onAcme.find((i) => i.app.name === 'Test Case Manager')!.id;
  freeInstallationId = onAcme.find((i) => !i.app.isPaid)!.id;
});

test.afterAll(async () => {
  await Promise.all([admin, otherOrgAdmin, signedOut].map((c) => c.dispose()));
});

test('pages walk back in time without gaps or repeats', async () => {
  const first = (await (await admin.get(`/api/v1/installations/${installationId}/logs?${range}&limit=10`)).json()) as { lines: Line[]; nextCursor: string };
  expect(first.lines).toHaveLength(10);
  const second = (await (await admin.get(`/api/v1/installations/${installationId}/logs?${range}&limit=10&cursor=${first.nextCursor}`)).json()) as { lines: Line[] };
  const all = [...first.lines, ...second.lines];
  expect(new Set(all.map((l) => l.id)).size).toBe(all.length);
  const stamps = all.map((l) => l.timestamp);
  expect([...stamps].sort().reverse()).toEqual(stamps);
  expect(stamps.every((t) => t.endsWith('Z'))).toBe(true);

  const both = (await (await admin.get(`/api/v1/installations/${installationId}/logs?${range}&limit=20`)).json()) as { lines: Line[] };
  expect(both.lines.map((l) => l.id)).toEqual(all.map((l) => l.id));
});

test('filters by level and text', async () => {
  const errors = (await (await admin.get(`/api/v1/installations/${installationId}/logs?${range}&limit=100&level=ERROR,warn`)).json()) as { lines: Line[] };
  expect(errors.lines.every((l) => l.level === 'error' || l.level === 'warn')).toBe(true);
  const any = (await (await admin.get(`/api/v1/installations/${installationId}/logs?${range}&limit=1`)).json()) as { lines: Line[] };
  const word = any.lines[0]!.message.split(/\s+/).find((w) => /^[A-Za-z]{5,}$/.test(w)) ?? any.lines[0]!.message.slice(0, 5);
  const found = (await (await admin.get(`/api/v1/installations/${installationId}/logs?${range}&q=${encodeURIComponent(word)}`)).json()) as { lines: Line[] };
  expect(found.lines.length).toBeGreaterThan(0);
  // The search matches words in the message or the module.
  expect(found.lines.every((l) => `${l.message} ${l.module ?? ''}`.toLowerCase().includes(word.toLowerCase()))).toBe(true);
});

test('the summary agrees with the export, line for line', async () => {
  const summary = (await (await admin.get(`/api/v1/installations/${installationId}/logs/summary?${range}`)).json()) as {
    totalLines: number;
    levels: Record<string, number>;
    histogram: { lines: number }[];
  };
  const file = await admin.get(`/api/v1/installations/${installationId}/logs/export?${range}`);
  expect(file.headers()['content-type']).toContain('application/x-ndjson');
  const lines = (await file.text()).trimEnd().split('\n').map((l) => JSON.parse(l) as { level: string });
  expect(lines).toHaveLength(summary.totalLines);
  expect(summary.histogram.reduce((s, b) => s + b.lines, 0)).toBe(summary.totalLines);
  for (const [level, count] of Object.entries(summary.levels)) expect(lines.filter((l) => l.level === level)).toHaveLength(count);
});

test('bad input gets the documented status and message', async () => {
  const base = `/api/v1/installations/${installationId}/logs`;
  const cases: [string, number, RegExp][] = [
    [`${base}?from=yesterday&to=${new Date(now).toISOString()}`, 400, /from/],
    [`${base}?from=2026-11-20T10:00:00&to=2026-11-21T10:00:00`, 400, /offset/],
    [`${base}?to=${new Date(now).toISOString()}`, 400, /from/],
    [`${base}?from=${new Date(now).toISOString()}&to=${new Date(now - DAY).toISOString()}`, 422, /after/],
    [`${base}?${range}&limit=100000`, 400, /at most 1000/],
    [`${base}?${range}&limit=ten`, 400, /limit/],
    [`${base}?${range}&level=loud`, 400, /level/],
    [`${base}?${range}&cursor=bm9wZQ`, 400, /cursor/],
    [`${base}?${range}&unknown=1`, 400, /unknown|Unrecognized/i],
    [`${base}?from=${new Date(now - 90 * DAY).toISOString()}&to=${new Date(now).toISOString()}`, 422, /kept for 30 days/],
    [`${base}/export?${range}&format=xml`, 400, /ndjson or csv/],
    [`${base}/export?${range}&mask=maybe`, 400, /mask/],
    [`${base}/summary?${range}&limit=5`, 400, /limit|Unrecognized/i],
  ];
  for (const [url, status, message] of cases) {
    const response = await admin.get(url);
    expect(response.status(), url).toBe(status);
    expect(((await response.json()) as { error: { message: string } }).error.message, url).toMatch(message);
  }
  const free = await admin.get(`/api/v1/installations/${freeInstallationId}/logs?${range}`);
  expect(free.status()).toBe(422);
});

test('unknown installations, other organizations and signed-out callers get 404 / 404 / 401', async () => {
  for (const suffix of ['', '/summary', '/export']) {
    expect((await admin.get(`/api/v1/installations/unknown-installation/logs${suffix}?${range}`)).status()).toBe(404);
    expect((await otherOrgAdmin.get(`/api/v1/installations/${installationId}/logs${suffix}?${range}`)).status()).toBe(404);
    expect((await signedOut.get(`/api/v1/installations/${installationId}/logs${suffix}?${range}`)).status()).toBe(401);
  }
});

test('a vendor reads only while the site shares, and each read is in the site’s audit log', async ({ baseURL }) => {
  const vendor = await playwrightRequest.newContext({ baseURL });
  try {
    // Northwind has no demo login, so use Lumen's app on Acme's EU site: Timesheet Pro there is not touched by other tests.
    await signInThroughApi(vendor, 'dev@lumen.example');
    const { installations } = (await (await vendor.get('/api/v1/installations')).json()) as { installations: { id: string; app: { name: string }; site: { url: string } }[] };
    const target = installations.find((i) => i.app.name === 'Timesheet Pro' && i.site.url === 'acme-eu.atlassian.net')!;
    const url = `/api/v1/installations/${target.id}/logs?${range}&limit=5`;
    expect((await vendor.get(url)).status()).toBe(404);
    expect((await admin.put(`/api/v1/installations/${target.id}/log-access`, { data: { enabled: true } })).status()).toBe(200);
    const read = await vendor.get(url);
    expect(read.status()).toBe(200);
    expect(((await read.json()) as { lines: Line[] }).lines).toHaveLength(5);
    expect((await admin.delete(`/api/v1/installations/${target.id}/log-access`)).status()).toBe(200);
    expect((await vendor.get(url)).status()).toBe(404);
  } finally {
    await vendor.dispose();
  }
});
