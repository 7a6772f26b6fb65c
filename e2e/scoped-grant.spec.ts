import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { createInstallation, createSiteWithApp, createUser } from './db';
import { openPage, saveScreenshot, signInThroughApi } from './helpers';

// A scoped grant end to end: Initech's admin enables log access for an
// installation of its own (Bluefin's Diagram Studio, which no other test
// opens on this site) with "errors only, personal data masked" after checking
// the preview of the vendor's view; a Bluefin developer then sees only error
// lines, masked, in the viewer, the API, the live tail and an export, and the
// console says the site shares with that scope.

const SITE = 'initech.atlassian.net';
const ADMIN = 'admin@initech.example';
const PASSWORD = 'scoped-grant-e2e-password';
const LEVELS = ['error', 'warn', 'info'] as const;

let installationId: string;
let appId: string;
let vendor: APIRequestContext;
let ingest: APIRequestContext;
let developer: string;

/** A line of the installation, with an e-mail address in the message and the attributes. */
const line = (n: number, level: string, msAgo: number, tag: string) =>
  JSON.stringify({
    installationId,
    timestamp: new Date(Date.now() - msAgo).toISOString(),
    level,
    message: `${tag} ${n} ${level} for jane.doe${n}@people.example`,
    attributes: { customer: `jane.doe${n}@people.example`, n },
  });

// One beforeAll for both tests: it replaces the site's installation, which a second worker's would undo.
test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL }) => {
  installationId = await createInstallation({ appName: 'Diagram Studio', siteUrl: SITE, replacing: true });
  ({ email: developer } = await createUser({ name: 'Scope Developer', password: PASSWORD, vendorSlug: 'bluefin' }));
  vendor = await playwrightRequest.newContext({ baseURL });
  await signInThroughApi(vendor, developer, PASSWORD);
  const { installations } = (await (await vendor.get('/api/v1/installations')).json()) as { installations: { id: string; app: { id: string } }[] };
  appId = installations.find((i) => i.id === installationId)!.app.id;
  const created = await vendor.post(`/api/v1/apps/${appId}/ingest-tokens`, { data: { name: `e2e scoped ${Date.now()}`, environment: 'development' } });
  expect(created.status()).toBe(201);
  const { secret } = (await created.json()) as { secret: string };
  ingest = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  // Twelve lines of the last hours: four of each level.
  const body = Array.from({ length: 12 }, (_, n) => line(n, LEVELS[n % 3]!, (n + 1) * 60_000, 'scoped')).join('\n');
  expect((await ingest.post('/api/v1/ingest', { headers: { 'content-type': 'application/x-ndjson' }, data: `${body}\n` })).status()).toBe(200);
});

test.afterAll(async () => {
  await vendor.dispose();
  await ingest.dispose();
});

test('an admin enables a scoped grant after its preview; the vendor sees only error lines, masked, on every path', async ({ page }) => {
  await signInThroughApi(page.request, ADMIN);
  await openPage(page, `/admin/${SITE}/apps/${installationId}`);
  await page.getByRole('button', { name: 'Enable log access' }).click();
  const modal = page.getByTestId('enable-log-access-modal');
  await expect(modal).toBeVisible();

  // The preview of the full grant first, then of the scope.
  await modal.getByRole('button', { name: 'Preview what the vendor will see' }).click();
  const summary = modal.getByTestId('scope-preview-summary');
  await expect(summary).toHaveText('Showing 12 of 12 lines of the last 24 hours.');
  await modal.getByLabel('Levels').selectOption('error');
  await modal.getByTestId('enable-scope-mask--input').check({ force: true });
  await expect(summary).toHaveText('Showing 4 of 12 lines of the last 24 hours; 8 hidden by level.');
  const previewLines = modal.getByTestId('scope-preview').getByTestId('log-line');
  await expect(previewLines).toHaveCount(4);
  for (const row of await previewLines.all()) {
    await expect(row).toContainText('error');
    await expect(row).toContainText('[email]');
    await expect(row).not.toContainText('@people.example');
  }
  await summary.scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'enable-log-access-scoped');
  await page.setViewportSize({ width: 390, height: 844 });
  await summary.scrollIntoViewIfNeeded();
  await expect(summary).toBeVisible();
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(sideways).toBeLessThanOrEqual(0);
  await saveScreenshot(page, 'enable-log-access-scoped-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  await modal.getByRole('button', { name: 'Enable', exact: true }).click();
  await expect(page.getByTestId('log-access-flag')).toContainText('Log access enabled');
  await expect(page.getByTestId('log-access-scope')).toHaveText('Scoped: errors only; personal data masked.');
  await page.goto(`/admin/${SITE}/audit?action=LOG_ACCESS_ENABLED`);
  await expect(page.getByTestId('audit-log--table')).toContainText('scoped: errors only; personal data masked');

  // The API: only error lines of the site, masked, as JSON and as OTLP.
  const range = `from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
  const filters = `site=${SITE}&environment=development`;
  const api = await vendor.get(`/api/v1/apps/${appId}/logs?${range}&${filters}&limit=100`);
  expect(api.status()).toBe(200);
  const { lines } = (await api.json()) as { lines: { installationId: string; level: string; message: string; attributes: { customer: string } }[] };
  const ours = lines.filter((l) => l.installationId === installationId);
  expect(ours).toHaveLength(4);
  for (const l of ours) {
    expect(l.level).toBe('error');
    expect(l.message).toMatch(/^scoped \d+ error for \[email\]$/);
    expect(l.attributes.customer).toBe('[email]');
  }
  const otlp = await (await vendor.get(`/api/v1/apps/${appId}/logs?${range}&${filters}&format=otlp`)).text();
  expect(otlp).not.toContain('@people.example');
  expect(otlp).not.toMatch(/"severityText":"(WARN|INFO)"/);

  // The installation's own API: the same four lines, masked; its summary, which counts every line, is refused under the scope.
  const own = await vendor.get(`/api/v1/installations/${installationId}/logs?${range}&limit=100`);
  expect(own.status()).toBe(200);
  const ownLines = ((await own.json()) as { lines: { level: string; message: string }[] }).lines;
  expect(ownLines.map((l) => l.level)).toEqual(['error', 'error', 'error', 'error']);
  for (const l of ownLines) expect(l.message).toMatch(/^scoped \d+ error for \[email\]$/);
  const ownFile = await (await vendor.get(`/api/v1/installations/${installationId}/logs/export?${range}&format=ndjson`)).text();
  expect(ownFile.match(/scoped \d+ error for \[email\]/g)).toHaveLength(4);
  expect(ownFile).not.toContain('@people.example');
  expect((await vendor.get(`/api/v1/installations/${installationId}/logs/summary?${range}`)).status()).toBe(403);

  // An export: the same four lines, masked, whatever the format.
  for (const format of ['ndjson', 'csv']) {
    const file = await (await vendor.get(`/api/v1/apps/${appId}/logs/export?${range}&${filters}&format=${format}`)).text();
    expect(file).not.toContain('@people.example');
    expect(file.match(/scoped \d+ error for \[email\]/g)).toHaveLength(4);
    expect(file).not.toMatch(/scoped \d+ (warn|info)/);
  }

  // The viewer, signed in as the vendor.
  await signInThroughApi(page.request, developer, PASSWORD);
  await openPage(page, `/console/apps/${appId}/logs?${filters}&q=scoped`);
  await expect(page.getByTestId('scoped-sites')).toContainText(`${SITE} (development): errors only; personal data masked`);
  const viewerLines = page.getByTestId('line-list').getByTestId('log-line');
  await expect(viewerLines).toHaveCount(4);
  for (const row of await viewerLines.all()) {
    await expect(row).toContainText('error');
    await expect(row).toContainText('[email]');
    await expect(row).not.toContainText('@people.example');
  }
  await saveScreenshot(page, 'console-scoped-site');

  // The live tail (with the viewer's search): of new lines of every level, only the errors come, masked.
  await page.getByTestId('live-tail-toggle').click();
  await expect(page.getByTestId('live-tail-status')).toContainText('Following new lines');
  const fresh = Array.from({ length: 6 }, (_, n) => line(n, LEVELS[n % 3]!, 0, 'scoped tailed')).join('\n');
  expect((await ingest.post('/api/v1/ingest', { headers: { 'content-type': 'application/x-ndjson' }, data: `${fresh}\n` })).status()).toBe(200);
  const tailed = page.getByTestId('live-tail').getByTestId('log-line');
  await expect(tailed.filter({ hasText: 'tailed' })).toHaveCount(2);
  for (const row of await tailed.filter({ hasText: 'tailed' }).all()) {
    await expect(row).toContainText(/scoped tailed \d error for \[email\]/);
  }
  await expect(page.getByTestId('live-tail')).not.toContainText('@people.example');
  await saveScreenshot(page, 'console-scoped-tail');

  // The app page names the scope beside the installation.
  await openPage(page, `/console/apps/${appId}`);
  const row = page.getByTestId('app-installation-row').filter({ hasText: 'Compass' }).filter({ hasText: SITE });
  await expect(row.getByTestId('installation-scope')).toHaveText('Scoped: errors only; personal data masked');
});

test('an admin approves a request with a scope after its preview; the vendor sees only the scope’s lines, masked', async ({ page, baseURL }) => {
  // A site of its own, so no other test's grant or request is in the way.
  const { adminEmail, siteUrl, installationId: requested } = await createSiteWithApp({ appName: 'Diagram Studio', password: PASSWORD, tag: 'approve-scope' });
  const token = await vendor.post(`/api/v1/apps/${appId}/ingest-tokens`, { data: { name: `e2e approve scoped ${Date.now()}`, environment: 'production' } });
  expect(token.status()).toBe(201);
  const production = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${((await token.json()) as { secret: string }).secret}` } });
  const body = Array.from({ length: 12 }, (_, n) =>
    JSON.stringify({ installationId: requested, timestamp: new Date(Date.now() - (n + 1) * 60_000).toISOString(), level: LEVELS[n % 3], message: `approved ${n} ${LEVELS[n % 3]} for jane.doe${n}@people.example` }),
  ).join('\n');
  expect((await production.post('/api/v1/ingest', { headers: { 'content-type': 'application/x-ndjson' }, data: `${body}\n` })).status()).toBe(200);
  await production.dispose();
  const asked = await vendor.post(`/api/v1/installations/${requested}/access-requests`, { data: { reason: 'Errors in the diagram export since 3.2', reasonCode: 'vendor_detected' } });
  expect(asked.status()).toBe(201);

  await signInThroughApi(page.request, adminEmail, PASSWORD);
  await openPage(page, `/admin/${siteUrl}/requests`);
  await page.getByTestId('pending-request-row').filter({ hasText: 'Errors in the diagram export' }).getByRole('button', { name: 'Approve' }).click();
  const modal = page.getByTestId('approve-access-request-modal');
  await expect(modal).toBeVisible();
  await modal.getByLabel('Levels').selectOption('error');
  await modal.getByTestId('approve-scope-mask--input').check({ force: true });
  await modal.getByRole('button', { name: 'Preview what the vendor will see' }).click();
  const summary = modal.getByTestId('scope-preview-summary');
  await expect(summary).toHaveText('Showing 4 of 12 lines of the last 24 hours; 8 hidden by level.');
  await expect(modal.getByTestId('scope-preview')).not.toContainText('@people.example');
  await modal.getByTestId('confirm-approve').click();
  await expect(page.getByTestId('access-decision-flag')).toContainText('Access approved');

  const range = `from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
  const read = await vendor.get(`/api/v1/apps/${appId}/logs?${range}&site=${siteUrl}&limit=100`);
  expect(read.status()).toBe(200);
  const lines = ((await read.json()) as { lines: { installationId: string; level: string; message: string }[] }).lines.filter((l) => l.installationId === requested);
  expect(lines.map((l) => l.level)).toEqual(['error', 'error', 'error', 'error']);
  for (const l of lines) expect(l.message).toMatch(/^approved \d+ error for \[email\]$/);
});
