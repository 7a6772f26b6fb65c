import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';
import { createUser } from './db';
import { openPage, saveScreenshot, signInThroughApi } from './helpers';

// The log viewer's saved views (shared by the vendor's owners and developers,
// none for viewers) and the states a person meets: loading, nothing found,
// a failed read, and a site that stops sharing while the page is open.
// Timesheet Pro's logs are shared by lumen.atlassian.net (development; its
// admin is owner@lumen.example) and acme-eu.atlassian.net (admin@acme.example)
// for the length of this file, and stopped again at its end.

type Installation = { id: string; app: { id: string; name: string }; site: { url: string }; environment: string };
const NARROW = { width: 390, height: 844 };
const WIDE = { width: 1280, height: 900 };

let owner: APIRequestContext;
let acmeAdmin: APIRequestContext;
let lumenDev: Installation;
let acmeEu: Installation;
let appId: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL }) => {
  owner = await playwrightRequest.newContext({ baseURL });
  acmeAdmin = await playwrightRequest.newContext({ baseURL });
  await signInThroughApi(owner, 'owner@lumen.example');
  await signInThroughApi(acmeAdmin, 'admin@acme.example');
  const find = async (client: APIRequestContext, site: string, environment: string) => {
    const { installations } = (await (await client.get('/api/v1/installations')).json()) as { installations: Installation[] };
    return installations.find((i) => i.app.name === 'Timesheet Pro' && i.site.url === site && i.environment === environment)!;
  };
  lumenDev = await find(owner, 'lumen.atlassian.net', 'DEVELOPMENT');
  acmeEu = await find(acmeAdmin, 'acme-eu.atlassian.net', 'PRODUCTION');
  appId = lumenDev.app.id;
  expect((await owner.put(`/api/v1/installations/${lumenDev.id}/log-access`, { data: { enabled: true } })).status()).toBe(200);
  expect((await acmeAdmin.put(`/api/v1/installations/${acmeEu.id}/log-access`, { data: { enabled: true } })).status()).toBe(200);
  // Views left by an earlier run against the same database.
  const { views } = (await (await owner.get(`/api/v1/apps/${appId}/saved-views`)).json()) as { views: { id: string }[] };
  for (const view of views) await owner.delete(`/api/v1/apps/${appId}/saved-views/${view.id}`);
});

test.afterAll(async () => {
  await owner.delete(`/api/v1/installations/${lumenDev.id}/log-access`);
  await acmeAdmin.delete(`/api/v1/installations/${acmeEu.id}/log-access`);
  await Promise.all([owner.dispose(), acmeAdmin.dispose()]);
});

/** Both widths of the current screen. */
async function screenshots(page: Page, name: string) {
  await page.setViewportSize(WIDE);
  await saveScreenshot(page, `${name}-1280`);
  await page.setViewportSize(NARROW);
  await saveScreenshot(page, `${name}-390`);
  await page.setViewportSize(WIDE);
}

const loaded = (page: Page) => expect(page.getByTestId('viewer-count')).not.toHaveText('Loading…');

test('a developer saves a view; another member of the vendor opens it from Views and deletes it', async ({ page, browser }) => {
  await page.setViewportSize(WIDE);
  await signInThroughApi(page.request, 'dev@lumen.example');
  const query = 'range=7d&level=error,warn&q=-healthcheck&cols=attr.statusCode';
  await openPage(page, `/console/apps/${appId}/logs?${query}`);
  await loaded(page);

  await page.getByTestId('save-view').click();
  const dialog = page.getByTestId('save-view-modal');
  await expect(page.getByTestId('save-view-summary')).toHaveText('Last 7 days, “-healthcheck”, level error or warn, 1 column. Every owner and developer of your vendor sees it under Views.');
  // The browser checks the name with the server's schema before sending it.
  await page.getByTestId('confirm-save-view').click();
  await expect(page.getByTestId('save-view-error')).toHaveText('Give the view a name');
  await page.getByTestId('saved-view-name').fill('Errors and warnings, week');
  await screenshots(page, 'console-views-save');
  await page.getByTestId('confirm-save-view').click();
  await expect(dialog).toHaveCount(0);

  // A second view with the same name is refused by the server, and the dialog says why.
  await page.getByTestId('save-view').click();
  await page.getByTestId('saved-view-name').fill('Errors and warnings, week');
  await page.getByTestId('confirm-save-view').click();
  await expect(page.getByTestId('save-view-error')).toHaveText('A saved view named "Errors and warnings, week" already exists for this app.');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // Olive, the vendor's owner, finds it under Views with who saved it and when.
  const other = await browser.newPage({ viewport: WIDE });
  await signInThroughApi(other.request, 'owner@lumen.example');
  await openPage(other, `/console/apps/${appId}/logs`);
  await other.getByTestId('saved-views').click();
  const item = other.getByTestId('saved-view');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Errors and warnings, week');
  await expect(item).toContainText('Last 7 days, “-healthcheck”, level error or warn, 1 column');
  await expect(item).toContainText(/Devon Lee, \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC/);
  await screenshots(other, 'console-views-list');
  await other.getByTestId('open-view-Errors and warnings, week').click();
  await expect(other).toHaveURL(new RegExp(`/console/apps/${appId}/logs\\?`));
  const opened = new URL(other.url()).searchParams;
  expect(Object.fromEntries(opened)).toEqual(Object.fromEntries(new URLSearchParams(query)));
  await expect(other.getByTestId('viewer-search')).toHaveValue('-healthcheck');

  // She deletes it after a confirmation; it is gone for everyone.
  await other.getByTestId('saved-views').click();
  await other.getByTestId('delete-view-Errors and warnings, week').click();
  await expect(other.getByTestId('delete-view-modal')).toContainText('Delete “Errors and warnings, week”?');
  await other.getByTestId('delete-view-modal-confirm').click();
  await expect(other.getByTestId('delete-view-modal')).toHaveCount(0);
  await other.getByTestId('saved-views').click();
  await expect(other.getByTestId('saved-views-list')).toContainText('No saved views yet');

  // A view another member deletes while her dialog is open: confirming says so in the dialog, which stays open.
  const views = `/api/v1/apps/${appId}/saved-views`;
  const created = await page.request.post(views, { data: { name: 'Slow requests', view: { q: 'slow', range: { kind: 'relative', last: '24h' } } } });
  expect(created.status()).toBe(201);
  await other.reload();
  await other.getByTestId('saved-views').click();
  await other.getByTestId('delete-view-Slow requests').click();
  const { views: listed } = (await (await page.request.get(views)).json()) as { views: { id: string }[] };
  expect((await page.request.delete(`${views}/${listed[0]!.id}`)).status()).toBe(204);
  await other.getByTestId('delete-view-modal-confirm').click();
  await expect(other.getByTestId('delete-view-modal').getByRole('alert')).toContainText(/no such saved view/i);
  await screenshots(other, 'console-views-delete-failed');
  await other.getByRole('button', { name: 'Cancel' }).click();
  await expect(other.getByTestId('delete-view-modal')).toHaveCount(0);
  await other.close();
  expect(((await (await page.request.get(`/api/v1/apps/${appId}/saved-views`)).json()) as { views: unknown[] }).views).toEqual([]);
});

test('a vendor member with the viewer role sees no View logs button, no lines and no views', async ({ page }) => {
  const { email } = await createUser({ name: 'Vic Viewer', password: 'viewer pass', vendorSlug: 'lumen', role: 'VIEWER' });
  await signInThroughApi(page.request, email, 'viewer pass');
  await openPage(page, `/console/apps/${appId}`);
  await expect(page.getByRole('heading', { name: 'Timesheet Pro' })).toBeVisible();
  await expect(page.getByTestId('view-logs')).toHaveCount(0);
  await screenshots(page, 'console-views-viewer-role-app');
  await openPage(page, `/console/apps/${appId}/logs`);
  await expect(page.getByTestId('viewer-role-notice')).toBeVisible();
  await expect(page.getByTestId('saved-views')).toHaveCount(0);
  await expect(page.getByTestId('save-view')).toHaveCount(0);
  const refused = await page.request.get(`/api/v1/apps/${appId}/saved-views`);
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/viewer role/);
  // A developer still has the button.
  await page.context().clearCookies();
  await signInThroughApi(page.request, 'dev@lumen.example');
  await openPage(page, `/console/apps/${appId}`);
  await expect(page.getByTestId('view-logs')).toBeVisible();
});

test('a failed read shows the message, the request ID to quote and Retry, and dims nothing afterwards', async ({ page }) => {
  await page.setViewportSize(WIDE);
  await signInThroughApi(page.request, 'dev@lumen.example');
  await openPage(page, `/console/apps/${appId}/logs?range=30d`);
  await expect(page.getByTestId('log-line').first()).toBeVisible();
  // The next read reaches the server for real (its request ID is the server's), but its answer is replaced by an outage.
  let requestId = '';
  let failed = false;
  await page.route(
    (url) => url.pathname === `/api/v1/apps/${appId}/logs`,
    async (route) => {
      if (failed) return route.continue();
      failed = true;
      const real = await route.fetch();
      requestId = real.headers()['x-request-id'] ?? '';
      await route.fulfill({ status: 503, headers: { 'x-request-id': requestId, 'retry-after': '5' }, json: { error: { code: 'unavailable', message: 'The database is unavailable for a moment; retry shortly.' } } });
    },
  );
  await page.getByTestId('viewer-search').fill('-nosuchwordanywhere');
  await page.getByTestId('viewer-search-submit').click();
  const error = page.getByTestId('viewer-error');
  await expect(error).toContainText('The database is unavailable for a moment; retry shortly.');
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  await expect(page.getByTestId('viewer-request-id')).toContainText(requestId);
  await expect(page.getByTestId('viewer-empty')).toHaveCount(0);
  await screenshots(page, 'console-views-error');

  await page.getByTestId('viewer-retry').click();
  await expect(error).toHaveCount(0);
  await expect(page.getByTestId('log-line').first()).toBeVisible();
  await expect(page.getByTestId('viewer-results')).toHaveAttribute('aria-busy', 'false');
});

test('while a read runs the old lines are dimmed and marked busy', async ({ page }) => {
  await signInThroughApi(page.request, 'dev@lumen.example');
  await openPage(page, `/console/apps/${appId}/logs?range=30d`);
  await expect(page.getByTestId('log-line').first()).toBeVisible();
  // Hold the next read until the page has been looked at.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.pathname === `/api/v1/apps/${appId}/logs`,
    async (route) => {
      await held;
      await route.continue();
    },
  );
  await page.getByTestId('viewer-search').fill('-nosuchwordanywhere');
  await page.getByTestId('viewer-search-submit').click();
  const results = page.getByTestId('viewer-results');
  await expect(results).toHaveAttribute('aria-busy', 'true');
  await expect(results).toHaveClass(/is-loading/);
  expect(Number(await results.evaluate((el) => getComputedStyle(el).opacity))).toBeLessThan(0.6);
  await expect(page.getByTestId('log-line').first()).toBeVisible();
  release();
  await expect(results).toHaveAttribute('aria-busy', 'false');
  await expect(results).not.toHaveClass(/is-loading/);
});

test('nothing found says which filters and range, and offers one-click ways out', async ({ page }) => {
  await signInThroughApi(page.request, 'dev@lumen.example');
  await openPage(page, `/console/apps/${appId}/logs?range=1h&level=trace&q=nosuchwordanywhere`);
  const empty = page.getByTestId('viewer-empty');
  await expect(empty).toContainText('No lines match the search nosuchwordanywhere with level trace in the last hour.');
  await screenshots(page, 'console-views-empty');
  await page.getByTestId('empty-widen-range').click();
  await expect(page).toHaveURL(/\?level=trace&q=nosuchwordanywhere$/);
  await expect(empty).toContainText('in the last 24 hours.');
  await page.getByTestId('empty-clear-filters').click();
  await expect(page).toHaveURL(/\?q=nosuchwordanywhere$/);
  await expect(empty).toContainText('No lines match the search nosuchwordanywhere in the last 24 hours.');
  await expect(page.getByTestId('empty-clear-filters')).toHaveCount(0);
  await page.getByTestId('empty-clear-search').click();
  await expect(page).not.toHaveURL(/q=/);
  await expect(page.getByTestId('log-line').first()).toBeVisible();
  await expect(empty).toHaveCount(0);
});

test('a site that stops sharing while the page is open is named, and its lines leave the page', async ({ page }) => {
  await page.setViewportSize(WIDE);
  await signInThroughApi(page.request, 'dev@lumen.example');
  await openPage(page, `/console/apps/${appId}/logs?range=30d`);
  await loaded(page);
  const range = `from=${new Date(Date.now() - 30 * 86_400_000).toISOString()}&to=${new Date().toISOString()}`;
  const matching = async () => ((await (await page.request.get(`/api/v1/apps/${appId}/logs/count?${range}`)).json()) as { matched: { count: number } }).matched.count;
  const both = await matching();
  await expect(page.getByTestId('viewer-count')).toContainText(`${both.toLocaleString('en')} matching lines`);
  const sites = () => page.getByTestId('log-line').locator('.line-site').allInnerTexts();
  await expect(page.getByTestId('log-line').first()).toBeVisible();

  expect((await acmeAdmin.delete(`/api/v1/installations/${acmeEu.id}/log-access`)).status()).toBe(200);
  const lumenOnly = await matching();
  expect(lumenOnly, 'acme-eu contributed lines').toBeLessThan(both);
  const notice = page.getByTestId('viewer-stopped-sharing');
  await expect(notice).toContainText('acme-eu.atlassian.net stopped sharing its logs', { timeout: 15_000 });
  // The list and its count are read again without the site.
  await expect(page.getByTestId('viewer-count')).toContainText(`${lumenOnly.toLocaleString('en')} matching line`);
  await expect(page.getByTestId('log-line').first()).toBeVisible();
  expect(new Set(await sites())).toEqual(new Set(['lumen.atlassian.net']));
  await page.getByTestId('log-line').first().getByRole('button', { name: 'Details' }).click();
  await expect(page.locator('.log-details')).toContainText('lumen.atlassian.net');
  await screenshots(page, 'console-views-stopped-sharing');
  // The next read leaves the site out on the server's side too, and the notice stays.
  await page.getByTestId('viewer-search').fill('-nosuchwordanywhere');
  await page.getByTestId('viewer-search-submit').click();
  await loaded(page);
  await expect(notice).toBeVisible();
  expect((await acmeAdmin.put(`/api/v1/installations/${acmeEu.id}/log-access`, { data: { enabled: true } })).status()).toBe(200);
  await expect(notice).toHaveCount(0, { timeout: 15_000 });
});

test('through the API: a script with an API token saves and deletes views; a cross-origin write with the session is refused', async ({ baseURL }) => {
  const session = await playwrightRequest.newContext({ baseURL });
  const script = await playwrightRequest.newContext({ baseURL });
  try {
    await signInThroughApi(session, 'dev@lumen.example');
    const view = { name: 'Cross-origin attempt', view: { range: { kind: 'relative', last: '1h' } } };
    const evil = await session.post(`/api/v1/apps/${appId}/saved-views`, { headers: { origin: 'https://evil.example' }, data: view });
    expect(evil.status()).toBe(403);

    const token = (await (await session.post('/api/v1/api-tokens', { data: { name: 'saved views script' } })).json()) as { secret: string };
    const authorization = `Bearer ${token.secret}`;
    const saved = await script.post(`/api/v1/apps/${appId}/saved-views`, { headers: { authorization }, data: { name: 'From a script', view: { range: { kind: 'days', firstDay: '2026-11-30', lastDay: '2026-12-01' }, q: 'attr.statusCode:>=500' } } });
    expect(saved.status()).toBe(201);
    const { id, createdBy } = (await saved.json()) as { id: string; createdBy: string };
    expect(createdBy).toBe('Devon Lee');
    const renamed = await script.patch(`/api/v1/apps/${appId}/saved-views/${id}`, { headers: { authorization }, data: { name: 'Server errors, end of November' } });
    expect(((await renamed.json()) as { name: string }).name).toBe('Server errors, end of November');
    expect((await session.delete(`/api/v1/apps/${appId}/saved-views/${id}`, { headers: { origin: 'https://evil.example' } })).status()).toBe(403);
    expect((await script.delete(`/api/v1/apps/${appId}/saved-views/${id}`, { headers: { authorization } })).status()).toBe(204);
  } finally {
    await Promise.all([session.dispose(), script.dispose()]);
  }
});
