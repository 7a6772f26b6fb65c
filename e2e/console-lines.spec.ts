import { randomBytes } from 'node:crypto';
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';
import { createUser } from './db';
import { openAppDetails, openPage, saveScreenshot, signInThroughApi } from './helpers';

// The viewer's line list and a line's context, as a vendor developer uses
// them: continuous scrolling, the keyboard, attribute columns, surrounding
// lines, an invocation and a trace, and a line's permalink, refused once the
// admin stops sharing. On Test Case Manager (Northwind, paid) on
// initech.atlassian.net, whose admin is admin@initech.example; no other test
// uses it. The test sends 260 lines of its own, a millisecond apart, so its
// lines are the only ones around each other.

type Installation = { id: string; app: { id: string; name: string }; site: { url: string }; environment: string };

const SITE = 'initech.atlassian.net';
const LINES = 260;
const marker = `ln${randomBytes(4).toString('hex')}`;
const PASSWORD = 'lines-developer-pw-1';
let admin: APIRequestContext;
let target: Installation;
let developer: string;

const label = (i: number) => `${marker} line ${String(i).padStart(3, '0')}`;
const LONG_TAIL = ' and then a long explanation of what went wrong'.repeat(8);

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL }) => {
  admin = await playwrightRequest.newContext({ baseURL });
  await signInThroughApi(admin, 'admin@initech.example');
  const { installations } = (await (await admin.get('/api/v1/installations')).json()) as { installations: Installation[] };
  target = installations.find((i) => i.app.name === 'Test Case Manager' && i.site.url === SITE)!;
  expect(target).toBeTruthy();
  expect((await admin.put(`/api/v1/installations/${target.id}/log-access`, { data: { enabled: true } })).status()).toBe(200);

  ({ email: developer } = await createUser({ name: 'Lines Developer', password: PASSWORD, vendorSlug: 'northwind' }));
  const dev = await playwrightRequest.newContext({ baseURL });
  await signInThroughApi(dev, developer, PASSWORD);
  const created = await dev.post(`/api/v1/apps/${target.app.id}/ingest-tokens`, { data: { name: `lines ${marker}`, environment: 'PRODUCTION' } });
  expect(created.status()).toBe(201);
  const { secret } = (await created.json()) as { secret: string };
  const sender = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  const start = Date.now() - 5 * 60_000;
  const body = Array.from({ length: LINES }, (_, i) =>
    JSON.stringify({
      siteUrl: SITE,
      timestamp: new Date(start + i).toISOString(),
      level: i % 10 === 0 ? 'error' : 'info',
      message: i === 250 ? `${label(i)}${LONG_TAIL}` : label(i),
      invocationId: `${marker}-inv-${Math.floor(i / 5)}`,
      traceId: `${marker}-trace-${Math.floor(i / 20)}`,
      attributes: { statusCode: 200 + (i % 3) * 100, userId: `u${i % 7}` },
    }),
  ).join('\n');
  const sent = await sender.post('/api/v1/ingest', { headers: { 'content-type': 'application/x-ndjson' }, data: body });
  expect(sent.status()).toBe(200);
  expect(await sent.json()).toMatchObject({ accepted: LINES });
  await Promise.all([sender.dispose(), dev.dispose()]);
});

test.afterAll(async () => {
  await admin.delete(`/api/v1/installations/${target.id}/log-access`);
  await admin.dispose();
});

const viewerUrl = (extra = '') => `/console/apps/${target.app.id}/logs?range=1h&q=${encodeURIComponent(`"${marker} line"`)}${extra}`;
const count = (page: Page) => page.getByTestId('viewer-count');
const row = (page: Page, i: number) => page.getByTestId('log-line').filter({ hasText: label(i) });

test('the list scrolls past 200 lines without a click, a page at a time, and stops at the end', async ({ page }) => {
  await signInThroughApi(page.request, developer, PASSWORD);
  const pages: string[] = [];
  page.on('request', (r) => {
    if (/\/api\/v1\/apps\/[^/]+\/logs\?/.test(r.url())) pages.push(r.url());
  });
  await openPage(page, viewerUrl());
  await expect(count(page)).toHaveText(new RegExp(`^${LINES} matching lines in [\\d,]+ ms \\(100 shown\\)$`));
  await expect(row(page, LINES - 1)).toBeVisible();
  await expect(page.getByRole('button', { name: /load more/i })).toHaveCount(0);

  // Scrolling as a person does, with the wheel over the list, until its end.
  const list = page.getByTestId('line-scroll');
  await list.hover();
  for (let i = 0; i < 60 && !(await page.getByTestId('line-end').innerText()).startsWith('The end'); i++) await page.mouse.wheel(0, 1500);
  await expect(page.getByTestId('line-end')).toHaveText('The end of the lines in this range.');
  await expect(count(page)).toHaveText(new RegExp(`\\(${LINES} shown\\)$`));
  // The last page arrived as the end came near: the oldest line is further down still.
  for (let i = 0; i < 10 && !(await row(page, 0).isVisible()); i++) await page.mouse.wheel(0, 1500);
  await expect(row(page, 0)).toBeVisible();
  // The first page came with the page itself; two more were asked for, each with the cursor of the one before.
  expect(pages).toHaveLength(2);
  expect(pages.every((url) => new URL(url).searchParams.has('cursor'))).toBe(true);
  await saveScreenshot(page, 'console-lines-end');
});

test('the keyboard moves the selection and opens the details; columns and wrapping are chosen', async ({ page }) => {
  await signInThroughApi(page.request, developer, PASSWORD);
  await openPage(page, viewerUrl());
  await expect(count(page)).toHaveText(/\(100 shown\)$/);
  const grid = page.getByTestId('line-list');
  await grid.focus();
  const selected = page.locator('[data-testid="log-line"][aria-selected="true"]');
  await page.keyboard.press('j');
  await expect(selected).toContainText(label(259));
  await page.keyboard.press('j');
  await page.keyboard.press('ArrowDown');
  await expect(selected).toContainText(label(257));
  await page.keyboard.press('k');
  await expect(selected).toContainText(label(258));
  await page.keyboard.press('Enter');
  const details = page.getByTestId('line-details');
  await expect(details).toContainText(`${marker}-inv-51`);
  await expect(details).toContainText(`${marker}-trace-12`);
  await expect(details.getByTestId('attributes-view')).toContainText('"statusCode": 200');
  await grid.focus();
  await page.keyboard.press('Escape');
  await expect(details).toHaveCount(0);
  // Far down the list by keyboard alone: the selection stays in view.
  for (let i = 0; i < 40; i++) await page.keyboard.press('j');
  await expect(selected).toContainText(label(257 - 39));
  await expect(selected).toBeInViewport();

  // An attribute column, kept in the URL.
  await page.getByTestId('line-columns-select--control').click();
  await page.getByRole('option', { name: 'attr.statusCode', exact: true }).click();
  await expect(page).toHaveURL(/cols=attr\.statusCode/);
  await expect(selected.getByTestId('line-attr')).toHaveText('400'); // line 218: 200 + (218 % 3) * 100
  await page.reload();
  await expect(row(page, 258).getByTestId('line-attr')).toHaveText('200');

  // A long message is cut to one line until wrapping is asked for.
  await expect(count(page)).toHaveText(/\(100 shown\)$/);
  const long = row(page, 250);
  await long.scrollIntoViewIfNeeded();
  const oneLine = (await long.boundingBox())!.height;
  await page.getByTestId('wrap-lines--input').check({ force: true });
  await expect.poll(async () => (await long.boundingBox())!.height).toBeGreaterThan(oneLine * 2);
  await grid.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('line-details')).toBeVisible();
  await saveScreenshot(page, 'console-lines');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('line-details')).toBeVisible();
  await saveScreenshot(page, 'console-lines-390');
});

test("a line's surrounding lines expand both ways; its invocation and trace open oldest first, and in the viewer", async ({ page }) => {
  await signInThroughApi(page.request, developer, PASSWORD);
  await openPage(page, `/console/apps/${target.app.id}/logs?range=1h&q=${encodeURIComponent(`"${label(130)}"`)}`);
  await expect(count(page)).toHaveText(/^1 matching line in/);
  await row(page, 130).getByRole('button', { name: 'Details' }).click();
  await page.getByTestId('show-context').click();
  const modal = page.getByTestId('line-context-modal');
  await expect(modal.getByTestId('context-anchor')).toContainText(label(130));
  await expect(modal.getByTestId('context-anchor')).toHaveAttribute('aria-current', 'true');
  const messages = () => modal.locator('[data-testid^="context-"][role="row"] .line-message').allInnerTexts();
  expect(await messages()).toEqual(Array.from({ length: 51 }, (_, k) => label(105 + k)));
  await expect(modal.getByTestId('line-context-summary')).toContainText(`51 lines of ${SITE} (production)`);
  await saveScreenshot(page, 'console-line-context');

  await modal.getByTestId('context-earlier').click();
  await modal.getByTestId('context-later').click();
  await expect(modal.locator('[role="row"]')).toHaveCount(101);
  expect(await messages()).toEqual(Array.from({ length: 101 }, (_, k) => label(80 + k)));
  await modal.getByTestId('line-context-modal--footer').getByRole('button', { name: 'Close' }).click();
  await expect(modal).toBeHidden();

  // The invocation of line 130 is lines 130 to 134, over every sharing site and all of retention, oldest first.
  await page.getByTestId('show-invocation').click();
  const group = page.getByTestId('line-group-modal');
  const groupMessages = () => group.locator('[role="row"] .line-message').allInnerTexts();
  await expect(group.getByTestId('line-group-summary')).toHaveText('5 lines on 1 site, oldest first, within retention.');
  expect(await groupMessages()).toEqual([130, 131, 132, 133, 134].map(label));
  await expect(group.getByTestId('group-anchor')).toContainText(label(130));
  await expect(group.getByTestId('group-anchor')).toHaveAttribute('aria-current', 'true');
  await expect(group.getByTestId('group-line').first()).toContainText(SITE);
  await saveScreenshot(page, 'console-line-invocation');
  // The same lines in the viewer, where the chart, the fields and the patterns apply to them.
  await group.getByTestId('line-group-in-viewer').click();
  await expect(group).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`q=invocation%3A%22${marker}-inv-26%22`));
  await expect(count(page)).toHaveText(/^5 matching lines in/);
  for (const i of [130, 131, 132, 133, 134]) await expect(row(page, i)).toBeVisible();

  // The trace of line 132 is lines 120 to 139.
  await row(page, 132).getByRole('button', { name: 'Details' }).click();
  await page.getByTestId('show-trace').click();
  await expect(group.getByTestId('line-group-summary')).toHaveText('20 lines on 1 site, oldest first, within retention.');
  expect(await groupMessages()).toEqual(Array.from({ length: 20 }, (_, k) => label(120 + k)));
  await expect(group.getByTestId('group-anchor')).toContainText(label(132));
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, 'console-line-trace-390');
  await group.getByTestId('line-group-modal--footer').getByRole('button', { name: 'Close' }).click();
  await expect(group).toBeHidden();
});

test('a copied permalink opens the line among its surroundings, and is refused once the admin disables sharing', async ({ page, context, browser }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signInThroughApi(page.request, developer, PASSWORD);
  await openPage(page, `/console/apps/${target.app.id}/logs?range=1h&q=${encodeURIComponent(`"${label(200)}"`)}`);
  await row(page, 200).getByRole('button', { name: 'Details' }).click();
  await page.getByTestId('copy-line-link').click();
  await expect(page.getByTestId('copy-line-link')).toHaveText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(new RegExp(`/console/apps/${target.app.id}/logs/lines/[A-Za-z0-9_-]+$`));
  expect(new URL(link).pathname).toBe(await page.getByTestId('line-permalink').getAttribute('href'));

  const opened = await page.goto(link);
  expect(opened!.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Test Case Manager: a log line and its surroundings' })).toBeVisible();
  await expect(page.getByTestId('context-anchor')).toContainText(label(200));
  await expect(page.getByTestId('context-anchor')).toBeInViewport();
  await expect(page.getByTestId('context-line')).toHaveCount(50);
  await expect(page.getByTestId('anchor-details')).toContainText(`${marker}-inv-40`);
  await expect(page.getByTestId('anchor-details').getByTestId('attributes-view')).toContainText('"userId": "u4"');
  await saveScreenshot(page, 'console-line-permalink');
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, 'console-line-permalink-390');

  // The site's admin sees the read, and turns sharing off as in log-access.spec.ts.
  const adminPage = await browser.newPage();
  await signInThroughApi(adminPage.request, 'admin@initech.example');
  await adminPage.goto(`/admin/${SITE}/audit?action=VENDOR_LOGS_READ`);
  await expect(adminPage.getByTestId('audit-log--table')).toContainText(/read 51 lines around a line of \d+ \w+ \d{4}, \d\d:\d\d UTC/);
  await openAppDetails(adminPage, SITE, 'Test Case Manager');
  await adminPage.getByRole('button', { name: 'Disable log access' }).click();
  await adminPage.getByTestId('disable-log-access-modal').getByRole('button', { name: 'Disable', exact: true }).click();
  await expect(adminPage.getByTestId('log-access-flag')).toContainText('Log access disabled');
  await adminPage.close();

  const refused = await page.goto(link);
  expect(refused!.status()).toBe(404);
  const lineRef = new URL(link).pathname.split('/').pop()!;
  const api = await page.request.get(`/api/v1/apps/${target.app.id}/logs/lines/${lineRef}/context`);
  expect(api.status()).toBe(404);
  expect(await api.json()).toMatchObject({ error: { code: 'not_found' } });
});
