import { readFile } from 'node:fs/promises';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { openPage, pickOption, saveScreenshot, signInThroughApi, viewerAnswered } from './helpers';

// The vendor's side: the developer console's log viewer over the sites that
// share an app's logs. Uses Timesheet Pro's DEVELOPMENT installation on
// lumen.atlassian.net, whose admin is owner@lumen.example; no other test uses it.

type Installation = { id: string; app: { id: string; name: string }; site: { url: string }; environment: string };
let owner: APIRequestContext;
let target: Installation;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL }) => {
  owner = await playwrightRequest.newContext({ baseURL });
  await signInThroughApi(owner, 'owner@lumen.example');
  const { installations } = (await (await owner.get('/api/v1/installations')).json()) as { installations: Installation[] };
  target = installations.find((i) => i.app.name === 'Timesheet Pro' && i.site.url === 'lumen.atlassian.net' && i.environment === 'DEVELOPMENT')!;
  expect(target).toBeTruthy();
  expect((await owner.put(`/api/v1/installations/${target.id}/log-access`, { data: { enabled: true } })).status()).toBe(200);
});

test.afterAll(async () => {
  await owner.delete(`/api/v1/installations/${target.id}/log-access`);
  await owner.dispose();
});

test('a vendor sees the shared site’s lines only, filters, and searches an invocation', async ({ page }) => {
  await signInThroughApi(page.request, 'dev@lumen.example');
  await openPage(page, `/console/apps/${target.app.id}/logs?range=30d`);
  await expect(page.getByRole('heading', { name: 'Timesheet Pro: logs' })).toBeVisible();
  const lines = page.getByTestId('log-line');
  // The first page of the list (it fetches the next ones as it scrolls: e2e/console-lines.spec.ts).
  await expect(page.getByTestId('viewer-count')).toHaveText(/\(100 shown\)$/);
  await expect(lines.first()).toBeVisible();
  await expect(page.getByTestId('not-shared-sites')).toContainText('acme.atlassian.net');
  await saveScreenshot(page, 'console-log-viewer');

  // Every line comes from the one sharing installation.
  const api = (await (await page.request.get(`/api/v1/apps/${target.app.id}/logs?from=${new Date(Date.now() - 29 * 86_400_000).toISOString()}&to=${new Date().toISOString()}&limit=200`)).json()) as {
    lines: { installationId: string; site: string; environment: string; invocationId: string }[];
    notShared: { installationId: string }[];
  };
  expect(api.lines.length).toBeGreaterThan(20);
  expect(api.lines.some((l) => l.site === 'lumen.atlassian.net' && l.environment === 'development')).toBe(true);
  // Other tests share other installations for a moment; what must hold is that no unshared one contributes.
  const unshared = new Set(api.notShared.map((s) => s.installationId));
  expect(unshared.size).toBeGreaterThan(0);
  expect(api.lines.filter((l) => unshared.has(l.installationId))).toEqual([]);

  // The demo data is random: ask the API how many error lines there are, then expect the view to show them.
  const errors = (await (await page.request.get(`/api/v1/apps/${target.app.id}/logs?from=${new Date(Date.now() - 30 * 86_400_000).toISOString()}&to=${new Date().toISOString()}&level=error&limit=100`)).json()) as { lines: unknown[] };
  expect(errors.lines.length).toBeGreaterThan(0);
  await pickOption(page, 'viewer-level', 'error');
  await expect(page).toHaveURL(/level=error/);
  await viewerAnswered(page);
  await expect(page.getByTestId('viewer-count')).toHaveText(new RegExp(`\\(${errors.lines.length} shown\\)$`));
  // The rows in view (the list is virtualized, and draws its rows once it has measured itself): all errors.
  await expect(lines.first()).toBeVisible();
  const levels = await page.getByTestId('log-line').locator('[role="gridcell"]:first-child').allInnerTexts();
  expect(levels.length).toBeGreaterThan(0);
  expect(levels.every((l) => l.trim().toLowerCase() === 'error')).toBe(true);

  // Search by an invocation ID: every line of that invocation, and nothing else.
  const invocation = api.lines[0]!.invocationId;
  await openPage(page, `/console/apps/${target.app.id}/logs?range=30d`);
  await page.getByTestId('viewer-search').fill(`invocation:${invocation}`);
  await page.getByTestId('viewer-search-submit').click();
  await expect(page).toHaveURL(new RegExp(`q=invocation%3A${invocation}`));
  await viewerAnswered(page);
  await expect(page.getByTestId('viewer-count')).toHaveText(/^\d+ matching lines? in [\d,]+ ms \(\d+ shown\)$/);
  const expected = api.lines.filter((l) => l.invocationId === invocation).length;
  await expect(lines).toHaveCount(expected);
  await lines.first().getByRole('button', { name: 'Details' }).click();
  await expect(page.getByTestId('line-details')).toContainText(invocation);
  await expect(page.getByTestId('line-details')).toContainText('lumen.atlassian.net');
});

test('the current view exports as a file with the same lines, and the export is recorded', async ({ page }) => {
  await signInThroughApi(page.request, 'dev@lumen.example');
  await openPage(page, `/console/apps/${target.app.id}/logs?range=30d&level=info`);
  await expect(page.getByTestId('viewer-count')).not.toHaveText('Loading…');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ndjson').click()]);
  const lines = (await readFile(await download.path(), 'utf8')).trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: string; timestamp: string; site: string });
  expect(download.suggestedFilename()).toMatch(/^logs_timesheet-pro_all-sites_.*\.ndjson$/);
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.every((l) => l.level === 'info' && l.timestamp.endsWith('Z'))).toBe(true);
  expect(lines.some((l) => l.site === 'lumen.atlassian.net')).toBe(true);
});

test('the admin sees each read in the audit log', async ({ page }) => {
  await signInThroughApi(page.request, 'owner@lumen.example');
  await page.goto('/admin/lumen.atlassian.net/audit?action=VENDOR_LOGS_READ');
  const table = page.getByTestId('audit-log--table');
  await expect(table).toContainText('dev@lumen.example');
  await expect(table).toContainText(/read \d+ lines?/);
  await expect(table).toContainText(/as NDJSON/);
  await saveScreenshot(page, 'audit-log-vendor-reads');
});

test('the live tail shows new lines, late ones too, and ends the moment the admin disables access; the next call is refused', async ({ page, baseURL }) => {
  await signInThroughApi(page.request, 'dev@lumen.example');
  await openPage(page, `/console/apps/${target.app.id}/logs`);
  await page.getByTestId('live-tail-toggle').click();
  await expect(page.getByTestId('live-tail-status')).toContainText('Following new lines');

  // The app sends a line stamped now and one stamped two hours ago: both reach the tail.
  const created = await page.request.post(`/api/v1/apps/${target.app.id}/ingest-tokens`, { data: { name: `e2e tail ${Date.now()}`, environment: 'development' } });
  expect(created.status()).toBe(201);
  const { secret } = (await created.json()) as { secret: string };
  const app = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  // With an invocation ID like the demo's lines, which the first test of a rerun on this database searches for.
  const line = (message: string, msAgo: number) =>
    JSON.stringify({ installationId: target.id, timestamp: new Date(Date.now() - msAgo).toISOString(), level: 'info', message, invocationId: `e2e-tail-${Date.now()}` });
  const sent = await app.post('/api/v1/ingest', { headers: { 'content-type': 'application/x-ndjson' }, data: `${line('tail e2e fresh line', 0)}\n${line('tail e2e late line', 2 * 3_600_000)}\n` });
  expect(sent.status()).toBe(200);
  await app.dispose();
  const tailed = page.getByTestId('live-tail').getByTestId('log-line');
  await expect(tailed.filter({ hasText: 'tail e2e fresh line' })).toHaveCount(1);
  await expect(tailed.filter({ hasText: 'tail e2e late line' })).toHaveCount(1);
  await saveScreenshot(page, 'live-tail-lines');

  expect((await owner.delete(`/api/v1/installations/${target.id}/log-access`)).status()).toBe(200);
  await expect(page.getByTestId('live-tail-ended')).toContainText('stopped sharing logs', { timeout: 3_000 });
  await saveScreenshot(page, 'live-tail-ended');
  const refused = await page.request.get(`/api/v1/installations/${target.id}/logs?from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date().toISOString()}`);
  expect(refused.status()).toBe(404);
  // Share again for the other tests of this file.
  expect((await owner.put(`/api/v1/installations/${target.id}/log-access`, { data: { enabled: true } })).status()).toBe(200);
});

test('a gap in the live tail (the page could not keep up) shows plainly as sampling, with the count', async ({ page }) => {
  await signInThroughApi(page.request, 'dev@lumen.example');
  // The server's events as it sends them when a client falls behind (lib/console/tail-app-logs.ts).
  const line = { id: '1', timestamp: new Date().toISOString(), level: 'info', message: 'after the gap', invocationId: null, traceId: null, module: null, function: null, appVersion: null, attributes: null, personalData: [], installationId: target.id, site: 'lumen.atlassian.net', environment: 'development', product: 'JIRA' };
  const events = [
    ['ready', { sites: ['lumen.atlassian.net'] }],
    ['gap', { skipped: 12_345, message: 'The live tail fell behind and skipped 12,345 lines to catch up; they are in the log viewer.' }],
    ['lines', [line]],
    ['gap', { skipped: 5, message: 'The live tail fell behind and skipped 5 lines to catch up; they are in the log viewer.' }],
  ];
  await page.route('**/logs/tail?*', (route) =>
    route.fulfill({ status: 200, contentType: 'text/event-stream', body: events.map(([event, data]) => `event: ${event as string}\ndata: ${JSON.stringify(data)}\n\n`).join('') }),
  );
  await openPage(page, `/console/apps/${target.app.id}/logs`);
  await page.getByTestId('live-tail-toggle').click();
  await expect(page.getByTestId('live-tail-sampling')).toContainText('skipped 12,350 lines');
  await expect(page.getByTestId('live-tail').getByTestId('log-line')).toContainText('after the gap');
  await saveScreenshot(page, 'live-tail-sampling');
});
