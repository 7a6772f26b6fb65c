import { randomBytes } from 'node:crypto';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { createUser } from './db';
import { formatUtcDateTime } from '@/lib/format';
import { openPage, pickOption, saveScreenshot, signInThroughApi } from './helpers';

// The Patterns tab as a vendor uses it: the lines of a search grouped by
// message template with their counts, then one pattern clicked, which puts
// its pattern:"…" term into the search and shows exactly its lines.
// Bluefin's Diagram Studio on acme.atlassian.net, which no other test reads.

type Installation = { id: string; app: { id: string; name: string }; site: { url: string } };

let admin: APIRequestContext;
let target: Installation;
let developer: string;
/** Sends lines to Diagram Studio on acme.atlassian.net with an ingest token. */
let sender: APIRequestContext;
const PASSWORD = 'patterns-developer-pw-1';
const marker = `pt${randomBytes(4).toString('hex')}`;

// Three templates: 12, 5 and 3 lines.
const LINES = [
  ...Array.from({ length: 12 }, (_, i) => ({ level: 'info', message: `${marker} exported ${i * 7 + 3} rows to /exports/d${i}.csv in ${100 + i} ms` })),
  ...Array.from({ length: 5 }, (_, i) => ({ level: i % 2 ? 'warn' : 'info', message: `${marker} user ${40 + i} signed in from 10.0.${i}.7` })),
  ...Array.from({ length: 3 }, (_, i) => ({ level: 'error', message: `${marker} payment failed for order "ord-${i}" after ${i + 1} retries` })),
];
const SIGN_IN = `${marker} user <num> signed in from <ip>`;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL }) => {
  admin = await playwrightRequest.newContext({ baseURL });
  await signInThroughApi(admin, 'admin@acme.example');
  const { installations } = (await (await admin.get('/api/v1/installations')).json()) as { installations: Installation[] };
  target = installations.find((i) => i.app.name === 'Diagram Studio' && i.site.url === 'acme.atlassian.net')!;
  expect(target).toBeTruthy();
  expect((await admin.put(`/api/v1/installations/${target.id}/log-access`, { data: { enabled: true } })).status()).toBe(200);

  ({ email: developer } = await createUser({ name: 'Patterns Developer', password: PASSWORD, vendorSlug: 'bluefin' }));
  const dev = await playwrightRequest.newContext({ baseURL });
  await signInThroughApi(dev, developer, PASSWORD);
  const created = await dev.post(`/api/v1/apps/${target.app.id}/ingest-tokens`, { data: { name: `patterns ${marker}`, environment: 'PRODUCTION' } });
  expect(created.status()).toBe(201);
  const { secret } = (await created.json()) as { secret: string };
  sender = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  const now = Date.now();
  const body = LINES.map((l, i) => JSON.stringify({ siteUrl: 'acme.atlassian.net', timestamp: new Date(now - 10 * 60_000 + i * 20_000).toISOString(), ...l })).join('\n');
  const sent = await sender.post('/api/v1/ingest', { headers: { 'content-type': 'application/x-ndjson' }, data: body });
  expect(sent.status()).toBe(200);
  expect(await sent.json()).toMatchObject({ accepted: LINES.length });
  await dev.dispose();
});

test.afterAll(async () => {
  await admin.delete(`/api/v1/installations/${target.id}/log-access`);
  await Promise.all([admin.dispose(), sender.dispose()]);
});

test('a vendor opens Patterns, sees the counts, and filters the lines to one pattern', async ({ page }) => {
  await signInThroughApi(page.request, developer, PASSWORD);
  await openPage(page, `/console/apps/${target.app.id}/logs?q=${marker}`);
  await expect(page.getByTestId('viewer-count')).toHaveText(/^20 matching lines in/);

  await page.getByTestId('viewer-tab-patterns').click();
  await expect(page).toHaveURL(/[?&]tab=patterns(&|$)/);
  await expect(page.getByTestId('patterns-summary')).toHaveText(/^20 lines in 3 patterns · [\d,]+ ms$/);
  const rows = page.getByTestId('pattern-row');
  await expect(rows).toHaveCount(3);
  expect(await rows.getByTestId('pattern-template').allInnerTexts()).toEqual([
    `${marker} exported <num> rows to <path> in <num> ms`,
    SIGN_IN,
    `${marker} payment failed for order <str> after <num> retries`,
  ]);
  expect(await rows.getByTestId('pattern-count').allInnerTexts()).toEqual(['12', '5', '3']);
  await expect(rows.nth(1).getByTestId('pattern-levels')).toHaveAttribute('aria-label', 'warn 40%, info 60%');
  await expect(rows.nth(0).locator('td').nth(3)).toHaveText(/ UTC$/);
  await saveScreenshot(page, 'console-patterns');
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, 'console-patterns-390');
  await page.setViewportSize({ width: 1280, height: 800 });

  // A shared URL opens the same tab.
  await page.reload();
  await expect(page.getByTestId('pattern-row')).toHaveCount(3);

  await rows.nth(1).getByTestId('pattern-template').click();
  await expect(page).not.toHaveURL(/tab=patterns/);
  await expect(page.getByTestId('viewer-search')).toHaveValue(`${marker} pattern:"${SIGN_IN}"`);
  await expect(page.getByTestId('viewer-count')).toHaveText(/^5 matching lines in [\d,]+ ms \(5 shown\)$/);
  const messages = await page.getByTestId('log-line').locator('.line-message').allInnerTexts();
  expect(messages.map((m) => m.trim()).sort()).toEqual(LINES.filter((l) => l.message.includes(' signed in ')).map((l) => l.message).sort());
  await saveScreenshot(page, 'console-patterns-lines');
});

test('New since version leaves out the templates seen in the day before that version began', async ({ page }) => {
  await signInThroughApi(page.request, developer, PASSWORD);
  await openPage(page, `/console/apps/${target.app.id}/logs?q=${marker}&tab=patterns`);
  await expect(page.getByTestId('pattern-row')).toHaveCount(3);
  const control = page.getByTestId('patterns-new-since-select--control');
  await expect(control).toHaveText('Any version (all patterns)');
  await control.click();
  const version = (await page.getByRole('option').allInnerTexts())[1]!;
  await page.keyboard.press('Escape');

  // A sign-in an hour before the version's first line: that template is not new since the version.
  const to = new Date();
  const asked = await page.request.get(`/api/v1/apps/${target.app.id}/logs/patterns?${new URLSearchParams({ from: new Date(to.getTime() - 86_400_000).toISOString(), to: to.toISOString(), newSince: version })}`);
  expect(asked.status()).toBe(200);
  const { newSince } = (await asked.json()) as { newSince: { firstLineAt: string } };
  const earlier = new Date(new Date(newSince.firstLineAt).getTime() - 3_600_000).toISOString();
  const sent = await sender.post('/api/v1/ingest', {
    headers: { 'content-type': 'application/x-ndjson' },
    data: JSON.stringify({ siteUrl: 'acme.atlassian.net', timestamp: earlier, level: 'info', message: `${marker} user 7 signed in from 10.9.9.9` }),
  });
  expect(await sent.json()).toMatchObject({ accepted: 1 });

  await pickOption(page, 'patterns-new-since', version);
  await expect(page.getByTestId('patterns-summary')).toContainText(`2 new patterns (15 of 20 lines): not seen from`);
  await expect(page.getByTestId('patterns-summary')).toContainText(`to version ${version}'s first line at ${formatUtcDateTime(newSince.firstLineAt)}`);
  await expect(page.getByTestId('pattern-row')).toHaveCount(2);
  expect(await page.getByTestId('pattern-template').allInnerTexts()).toEqual([
    `${marker} exported <num> rows to <path> in <num> ms`,
    `${marker} payment failed for order <str> after <num> retries`,
  ]);
  await saveScreenshot(page, 'console-patterns-new-since');
});
