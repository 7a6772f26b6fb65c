import { expect, test, type Page } from '@playwright/test';
import { findPii } from '@/lib/pii/detect-pii';
import { createUser } from './db';
import { browserDay, openPage, openRowMenu, pickDate, saveScreenshot, signInThroughApi, waitForApp } from './helpers';

// The Admin Hub's rough edges (issue 17, item 7), one test each: the date
// pickers inside modals, the Download modal's focus order and range errors,
// readable times, confirmations, and Connected apps' URL state.

const SITE = 'acme.atlassian.net';

async function openDownload(page: Page, appName = 'Timesheet Pro') {
  await signInThroughApi(page.request, 'admin@acme.example');
  await openPage(page, `/admin/${SITE}/apps`);
  await (await openRowMenu(page, appName, 'Download logs')).click();
  const modal = page.getByTestId('download-logs-modal');
  await expect(modal.getByTestId('download-summary')).toBeVisible();
  return modal;
}

async function openEnableModal(page: Page, appName: string) {
  await signInThroughApi(page.request, 'admin@acme.example');
  await openPage(page, `/admin/${SITE}/apps`);
  await (await openRowMenu(page, appName, 'View app details')).click();
  await expect(page.getByRole('heading', { name: appName, level: 1 })).toBeVisible();
  await waitForApp(page);
  await page.getByRole('button', { name: 'Enable log access' }).click();
  const modal = page.getByTestId('enable-log-access-modal');
  await expect(modal).toBeVisible();
  return modal;
}

test('Escape with the Download modal’s calendar open closes the calendar only, and the picked range stays', async ({ page }) => {
  const modal = await openDownload(page);
  const yesterday = await browserDay(page, -1);
  await pickDate(page, 'download-first-day', yesterday);
  await page.getByTestId('download-first-day--container').click();
  await expect(page.getByTestId('download-first-day--calendar--container')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('download-first-day--calendar--container')).toHaveCount(0);
  // The dialog is still there with the picked day: Apply previews from it.
  await expect(page.locator('input[name="download-first-day"]')).toHaveValue(yesterday);
  await modal.getByTestId('download-apply').click();
  await expect(modal.getByTestId('download-range-from')).toHaveAttribute('datetime', new RegExp(`^${yesterday}T`));
  // A second Escape, with no calendar open, closes the modal as usual.
  await page.keyboard.press('Escape');
  await expect(modal).toBeHidden();
});

test('Escape with the Enable modal’s calendar open closes the calendar only, and the end date stays', async ({ page }) => {
  const modal = await openEnableModal(page, 'SLA Watch');
  await modal.getByTestId('share-until--container').click();
  await page.getByTestId('share-until--calendar--next-month').click();
  await page.getByTestId('share-until--calendar--container').getByRole('gridcell', { name: /^15/ }).first().click();
  await expect(modal.getByTestId('share-until-note')).toContainText('Access ends at the end of');
  await modal.getByTestId('share-until--container').click();
  await expect(page.getByTestId('share-until--calendar--container')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-until--calendar--container')).toHaveCount(0);
  await expect(modal).toBeVisible();
  await expect(modal.getByTestId('share-until-note')).toContainText('Access ends at the end of');
});

test('in the Download modal, a calendar opens on demand, not on focus, and Download is a few Tabs after the range', async ({ page }) => {
  const modal = await openDownload(page);
  await expect(modal.getByTestId('log-line').first()).toBeVisible();
  await page.locator('#download-first-day').focus();
  await expect(page.getByTestId('download-first-day--calendar--container')).toHaveCount(0);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('download-first-day--calendar--container')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('download-first-day--calendar--container')).toHaveCount(0);

  await page.locator('#download-last-day').focus();
  let tabs = 0;
  while (tabs < 40 && !(await modal.getByTestId('download-submit').evaluate((el) => el === document.activeElement))) {
    await page.keyboard.press('Tab');
    tabs += 1;
    // No calendar opens on the way.
    await expect(page.locator('[data-testid$="--calendar--container"]')).toHaveCount(0);
  }
  expect(tabs).toBeLessThanOrEqual(8);
});

test('a range error clears the preview and disables Download, saying why; fixing the range brings them back', async ({ page }) => {
  const modal = await openDownload(page, 'Release Radar');
  const submit = modal.getByTestId('download-submit');
  await expect(submit).toBeEnabled();
  await pickDate(page, 'download-last-day', await browserDay(page, -3));
  await pickDate(page, 'download-first-day', await browserDay(page, -1));
  await modal.getByTestId('download-apply').click();
  await expect(modal.getByTestId('download-range-error')).toContainText('The last day is before the first day.');
  await expect(modal.getByTestId('download-summary')).toHaveCount(0);
  await expect(modal.getByTestId('log-preview')).toHaveCount(0);
  await expect(submit).toBeDisabled();
  await expect(modal.getByTestId('download-blocked-reason')).toContainText('Fix the range');
  await saveScreenshot(page, 'download-logs-range-error');

  await pickDate(page, 'download-first-day', await browserDay(page, -3));
  await modal.getByTestId('download-apply').click();
  await expect(modal.getByTestId('download-range-error')).toHaveCount(0);
  await expect(modal.getByTestId('download-summary')).toBeVisible();
  await expect(submit).toBeEnabled();
});

test('the Download preview follows the mask toggle, and its summary names the range in readable UTC', async ({ page }) => {
  const modal = await openDownload(page);
  const messages = modal.getByTestId('log-line').locator('.log-message');
  await expect(messages.first()).toBeVisible();
  await expect(modal.getByTestId('download-mask--input')).toBeChecked();
  const masked = await messages.allInnerTexts();
  expect(masked.flatMap((m) => findPii(m))).toEqual([]);

  await modal.getByTestId('download-mask--input').uncheck({ force: true });
  await expect.poll(async () => (await messages.allInnerTexts()).flatMap((m) => findPii(m)).length).toBeGreaterThan(0);
  await modal.getByTestId('download-mask--input').check({ force: true });
  await expect.poll(async () => (await messages.allInnerTexts()).flatMap((m) => findPii(m)).length).toBe(0);

  const summary = await modal.getByTestId('download-summary').innerText();
  expect(summary).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}Z/);
  expect(summary).toMatch(/from \d{1,2} \w{3} \d{4}, \d{2}:\d{2} to \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC/);
});

test('revoking an API token asks first; Cancel keeps it', async ({ page }) => {
  await signInThroughApi(page.request, 'dev@globex.example');
  await openPage(page, '/console/tokens');
  const name = `confirm me ${Math.random().toString(36).slice(2, 8)}`;
  await page.getByTestId('token-name').fill(name);
  await page.getByTestId('create-token').click();
  await expect(page.getByTestId('api-tokens--table')).toContainText(name);
  await page.getByTestId(`revoke-${name}`).click();
  const dialog = page.getByRole('dialog', { name: `Revoke the token “${name}”?` });
  await expect(dialog).toBeVisible();
  await saveScreenshot(page, 'revoke-token-confirm');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('api-tokens--table').locator('tr', { hasText: name })).toContainText('Active');
  await page.getByTestId(`revoke-${name}`).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(page.getByTestId('token-flag')).toContainText('Token revoked');
  await expect(page.getByTestId('api-tokens--table').locator('tr', { hasText: name })).toContainText('Revoked');
});

test('removing a vendor member asks first; Cancel keeps them', async ({ page }) => {
  await signInThroughApi(page.request, 'owner@lumen.example');
  await openPage(page, '/console/members');
  const row = page.getByTestId('member-row').filter({ hasText: 'dev@lumen.example' });
  await row.getByRole('button', { name: 'Remove' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove Devon Lee from Lumen Software?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(1);
});

test('Connected apps keeps its search, filters and sort in the URL across a reload, and says who installed each app', async ({ page }) => {
  await signInThroughApi(page.request, 'admin@acme.example');
  await openPage(page, `/admin/${SITE}/apps`);
  const table = page.getByTestId('connected-apps--table');
  await expect(table.getByRole('columnheader', { name: 'Installed by' })).toBeVisible();
  await expect(table.getByTestId('installation-row').filter({ hasText: 'Timesheet Pro' }).first()).toContainText('Avery Adams');

  await page.getByTestId('apps-search').fill('a');
  await expect(page).toHaveURL(/[?&]q=a(&|$)/);
  await page.getByTestId('filter-log-access-select--control').click();
  await page.getByRole('option', { name: 'Not shared', exact: true }).click();
  await expect(page).toHaveURL(/[?&]access=not-shared(&|$)/);
  await table.getByRole('button', { name: 'Plan' }).click();
  await expect(page).toHaveURL(/[?&]sort=paid(&|$)/);
  const before = await table.getByTestId('installation-row').allInnerTexts();

  await page.reload();
  await waitForApp(page);
  await expect(page.getByTestId('apps-search')).toHaveValue('a');
  await expect(page.getByTestId('filter-log-access-select--control')).toContainText('Log access: Not shared');
  expect(await table.getByTestId('installation-row').allInnerTexts()).toEqual(before);
});

test('the free app’s greyed Download logs item says why', async ({ page }) => {
  await signInThroughApi(page.request, 'admin@acme.example');
  await openPage(page, `/admin/${SITE}/apps`);
  const item = await openRowMenu(page, 'Quick Notes', 'Download logs');
  await expect(item).toBeDisabled();
  await expect(item).toContainText('Quick Notes is free: logs can be shared and downloaded for paid apps only.');
  await saveScreenshot(page, 'connected-apps-free-app-menu');
});

test('an unknown page is a branded 404 with a way back', async ({ page }) => {
  await signInThroughApi(page.request, 'admin@acme.example');
  for (const url of ['/no-such-page', `/admin/no-such-site.atlassian.net/apps`]) {
    const response = await page.goto(url);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found', level: 1 })).toBeVisible();
    await expect(page.getByRole('banner').getByRole('link', { name: 'Logshare' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go to the Admin Hub' })).toBeVisible();
  }
  await saveScreenshot(page, 'not-found');
  await page.getByRole('link', { name: 'Go to the Admin Hub' }).click();
  await expect(page).toHaveURL(/\/admin\/[^/]+\/apps$/);
});

test('a person with no role gets a branded "no access" page that says what to do', async ({ page }) => {
  const { email } = await createUser({ name: 'Nora Nobody', password: 'demo-password-1' });
  await signInThroughApi(page.request, email, 'demo-password-1');
  await openPage(page, '/');
  await expect(page).toHaveURL(/\/no-access$/);
  await expect(page.getByRole('heading', { name: 'No access yet', level: 1 })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Logshare' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await saveScreenshot(page, 'no-access');
});
