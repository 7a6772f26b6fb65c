import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';
import { createUser } from './db';
import { openPage, saveScreenshot, signInThroughApi, viewerAnswered } from './helpers';

// The viewer's search language, as a vendor uses it: words, a phrase, a level,
// attributes (typed and compared), OR and exclusions; the count and time of
// each search; a mistake shown under the box with its column; a line's
// attributes in its details, copied; the result exported with attributes.
// Northwind's Sprint Insights on lumen.atlassian.net, which no other test
// uses, read by a developer this test makes.

type Installation = { id: string; app: { id: string; name: string }; site: { url: string }; environment: string };

let owner: APIRequestContext;
let target: Installation;
let developer: string;
const marker = `sq${randomBytes(4).toString('hex')}`;

const LINES = [
  { level: 'error', message: `${marker} payment timeout after 30s`, attributes: { statusCode: 502, user: { id: 42 }, durationMs: 1500 } },
  { level: 'info', message: `${marker} Payment succeeded`, attributes: { statusCode: '502', durationMs: 80 } },
  { level: 'warn', message: `${marker} connection reset by peer`, attributes: { durationMs: 900, route: '/checkout' } },
  { level: 'debug', message: `${marker} reset the connection` },
];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL }) => {
  owner = await playwrightRequest.newContext({ baseURL });
  await signInThroughApi(owner, 'owner@lumen.example');
  const { installations } = (await (await owner.get('/api/v1/installations')).json()) as { installations: Installation[] };
  target = installations.find((i) => i.app.name === 'Sprint Insights' && i.site.url === 'lumen.atlassian.net')!;
  expect(target).toBeTruthy();
  expect((await owner.put(`/api/v1/installations/${target.id}/log-access`, { data: { enabled: true } })).status()).toBe(200);

  ({ email: developer } = await createUser({ name: 'Search Developer', password: 'search-developer-pw-1', vendorSlug: 'northwind' }));
  const dev = await playwrightRequest.newContext({ baseURL });
  await signInThroughApi(dev, developer, 'search-developer-pw-1');
  const created = await dev.post(`/api/v1/apps/${target.app.id}/ingest-tokens`, { data: { name: `search ${marker}`, environment: 'PRODUCTION' } });
  expect(created.status()).toBe(201);
  const { secret } = (await created.json()) as { secret: string };
  const sender = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  const now = Date.now();
  const body = LINES.map((l, i) => JSON.stringify({ siteUrl: 'lumen.atlassian.net', timestamp: new Date(now - 60_000 + i * 1000).toISOString(), ...l })).join('\n');
  const sent = await sender.post('/api/v1/ingest', { headers: { 'content-type': 'application/x-ndjson' }, data: body });
  expect(sent.status()).toBe(200);
  expect(await sent.json()).toMatchObject({ accepted: LINES.length });
  await Promise.all([sender.dispose(), dev.dispose()]);
});

test.afterAll(async () => {
  await owner.delete(`/api/v1/installations/${target.id}/log-access`);
  await owner.dispose();
});

async function search(page: Page, q: string, options: { isValid: boolean } = { isValid: true }) {
  await page.getByTestId('viewer-search').fill(q);
  await page.getByTestId('viewer-search-submit').click();
  if (options.isValid) {
    await expect(page).toHaveURL(new RegExp(`[?&]${new URLSearchParams({ q }).toString().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(&|$)`));
    // Until the viewer has answered, the count and lines may still be the last search's.
    await viewerAnswered(page);
  }
}

/** The messages shown, once the count says the search has answered. */
async function shownMessages(page: Page, count: number): Promise<string[]> {
  await expect(page.getByTestId('viewer-count')).toHaveText(new RegExp(`^${count} matching lines? in [\\d,]+ ms \\(${count} shown\\)$`));
  return (await page.getByTestId('log-line').locator('.line-message').allInnerTexts()).map((m) => m.replace(`${marker} `, '').trim());
}

test('a vendor searches words, a phrase, a level, attributes, OR and exclusions, and sees the count and time', async ({ page }) => {
  await signInThroughApi(page.request, developer, 'search-developer-pw-1');
  await openPage(page, `/console/apps/${target.app.id}/logs`);
  await expect(page.getByTestId('viewer-count')).toHaveText(/matching lines? in [\d,]+ ms/);

  await search(page, `${marker} PAYMENT`);
  expect(await shownMessages(page, 2)).toEqual(['Payment succeeded', 'payment timeout after 30s']);
  // Today's lines sit in the open day, which never carries a search index.
  await expect(page.getByTestId('viewer-unindexed')).toContainText(/Scanned without a search index .* UTC/);

  await search(page, `"${marker} connection reset"`);
  expect(await shownMessages(page, 1)).toEqual(['connection reset by peer']);

  await search(page, `${marker} level:error`);
  expect(await shownMessages(page, 1)).toEqual(['payment timeout after 30s']);

  // A level word finds the lines of that level as well as the word.
  await search(page, `${marker} warning`);
  expect(await shownMessages(page, 1)).toEqual(['connection reset by peer']);

  await search(page, `${marker} attr.statusCode:502`);
  expect(await shownMessages(page, 2)).toEqual(['Payment succeeded', 'payment timeout after 30s']);

  await search(page, `${marker} attr.durationMs:>=900`);
  expect(await shownMessages(page, 2)).toEqual(['connection reset by peer', 'payment timeout after 30s']);

  await search(page, `${marker} (succeeded OR peer) -attr.route:/checkout`);
  expect(await shownMessages(page, 1)).toEqual(['Payment succeeded']);
  await saveScreenshot(page, 'console-search');

  // A saved URL runs the same search.
  await openPage(page, `/console/apps/${target.app.id}/logs?q=${encodeURIComponent(`${marker} reset -peer`)}`);
  expect(await shownMessages(page, 1)).toEqual(['reset the connection']);
  await expect(page.getByTestId('viewer-search')).toHaveValue(`${marker} reset -peer`);
});

test('a query the portal cannot run says why and where, under the box, before and after a request', async ({ page }) => {
  await signInThroughApi(page.request, developer, 'search-developer-pw-1');
  await openPage(page, `/console/apps/${target.app.id}/logs`);
  let requests = 0;
  page.on('request', (r) => {
    if (r.url().includes('/logs?')) requests += 1;
  });
  await search(page, `${marker} level:fatal`, { isValid: false });
  const error = page.getByTestId('viewer-search-error');
  await expect(error).toContainText('Unknown level "fatal"');
  await expect(error).toContainText(`column ${marker.length + 8}`);
  await expect(page.getByTestId('viewer-search-error-mark').locator('mark')).toHaveText('fatal');
  expect(requests).toBe(0);
  await saveScreenshot(page, 'console-search-error');

  // From a shared URL the server refuses it: the same place, not an empty page.
  await openPage(page, `/console/apps/${target.app.id}/logs?q=${encodeURIComponent('timeout OR')}`);
  await expect(page.getByTestId('viewer-search-error')).toContainText('OR needs a term after it');
  await expect(page.getByTestId('viewer-search-error')).toContainText('column 9');
  await expect(page.getByTestId('viewer-empty')).toHaveCount(0);
  await expect(page.getByTestId('viewer-count')).toHaveText('The search could not run.');
  const response = await page.request.get(`/api/v1/apps/${target.app.id}/logs?from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date().toISOString()}&q=${encodeURIComponent('"open')}`);
  expect(response.status()).toBe(400);
  expect(await response.json()).toMatchObject({ error: { code: 'bad_request', details: { field: 'q', column: 1 } } });

  // The syntax help lists the forms.
  await page.getByTestId('search-syntax-toggle').click();
  await expect(page.getByTestId('search-syntax')).toContainText('attr.durationMs:>1000');
});

test("a line's attributes show in its details as JSON, copy, and go into the export", async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signInThroughApi(page.request, developer, 'search-developer-pw-1');
  await openPage(page, `/console/apps/${target.app.id}/logs?q=${encodeURIComponent(`${marker} timeout`)}`);
  expect(await shownMessages(page, 1)).toEqual(['payment timeout after 30s']);
  await page.getByTestId('log-line').first().getByRole('button', { name: 'Details' }).click();
  const view = page.getByTestId('attributes-view');
  await expect(view).toContainText('"statusCode": 502');
  await expect(view).toContainText('"id": 42');
  await view.getByRole('button', { name: /"user"/ }).click();
  await expect(view).not.toContainText('"id": 42');
  await expect(view).toContainText('1 key');
  await page.getByTestId('copy-attributes').click();
  await expect(page.getByTestId('copy-attributes')).toHaveText('Copied');
  expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(LINES[0]!.attributes);
  await saveScreenshot(page, 'console-search-attributes');
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, 'console-search-attributes-390');

  await page.setViewportSize({ width: 1280, height: 800 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ndjson').click()]);
  const exported = (await readFile(await download.path(), 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { message: string; attributes: unknown });
  expect(exported).toEqual([expect.objectContaining({ message: LINES[0]!.message, attributes: LINES[0]!.attributes })]);
});
