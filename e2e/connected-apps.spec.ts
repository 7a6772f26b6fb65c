import { expect, test, type Page } from '@playwright/test';
import { openRowMenu, pickOption, saveScreenshot, signInThroughApi } from './helpers';

const SITE = 'acme.atlassian.net';

async function openConnectedApps(page: Page) {
  await signInThroughApi(page.request, 'admin@acme.example');
  await page.goto(`/admin/${SITE}/apps`);
  await expect(page.getByRole('heading', { name: 'Connected apps' })).toBeVisible();
  const table = page.getByTestId('connected-apps--table');
  const rows = table.getByTestId('installation-row');
  await expect(rows.first()).toBeVisible();
  return { table, rows };
}

test('the Connected apps table searches, filters and clears its filters', async ({ page }) => {
  const { table, rows } = await openConnectedApps(page);
  const total = await rows.count();
  expect(total).toBeGreaterThanOrEqual(3);
  const count = page.getByTestId('apps-count');
  await expect(count).toHaveText(`${total} of ${total} apps`);

  // Typing before React hydrates the page would be lost; retry until the table reacts.
  const search = page.getByTestId('apps-search');
  await expect(async () => {
    await search.fill('');
    await search.fill('timesheet');
    await expect(count).toHaveText(`1 of ${total} apps`, { timeout: 1_000 });
  }).toPass();
  await expect(rows).toHaveCount(1);
  for (const text of await rows.allInnerTexts()) expect(text).toContain('Timesheet Pro');

  // Vendor names match too, case-insensitively.
  await search.fill('LUMEN');
  await expect(table).toContainText('Timesheet Pro');
  await expect(table).toContainText('Quick Notes');
  await expect(table).not.toContainText('Release Radar');

  await search.fill('');
  await expect(rows).toHaveCount(total);
  await pickOption(page, 'filter-log-access', 'Not available for free apps');
  await expect(page.getByTestId('filter-log-access-select--control')).toContainText('Log access: Not available for free apps');
  await expect(table).toContainText('Quick Notes');
  await expect(table).not.toContainText('Timesheet Pro');
  await expect(table).not.toContainText('Release Radar');
  const free = await rows.count();
  expect(free).toBeGreaterThanOrEqual(1);
  expect(free).toBeLessThan(total);
  await expect(count).toHaveText(`${free} of ${total} apps`);
  for (const text of await rows.allInnerTexts()) {
    expect(text).toContain('Free');
    expect(text).toContain('Not available for free apps');
  }
  await saveScreenshot(page, 'connected-apps-filtered');

  // A paid app's name with the free-apps filter matches nothing: the empty state offers to clear.
  await search.fill('timesheet');
  await expect(rows).toHaveCount(0);
  await expect(page.getByText('No apps match your filters')).toBeVisible();
  await expect(count).toHaveText(`0 of ${total} apps`);
  await page.getByTestId('empty-clear-filters').click();
  await expect(rows).toHaveCount(total);
  await expect(search).toHaveValue('');
  await expect(count).toHaveText(`${total} of ${total} apps`);
  await expect(page.getByTestId('filter-log-access-select--control')).toContainText('Log access: All');

  // The product filter, and the filter bar's own clear button.
  await pickOption(page, 'filter-product', 'Confluence');
  await expect(table).not.toContainText('Timesheet Pro');
  for (const text of await rows.allInnerTexts()) expect(text).toContain('Confluence');
  await page.getByTestId('clear-filters').click();
  await expect(rows).toHaveCount(total);
});

test('each row’s ••• menu offers app details and, for paid apps only, log downloads', async ({ page }) => {
  const { rows } = await openConnectedApps(page);

  // Quick Notes is free: "Download logs" is there but disabled.
  await expect(rows.filter({ hasText: 'Quick Notes' })).toHaveCount(1);
  await openRowMenu(page, 'Quick Notes', 'Download logs');
  await expect(page.getByRole('menuitem', { name: 'View app details' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Download logs' })).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menuitem', { name: 'Download logs' })).toHaveCount(0);

  // Timesheet Pro: "View app details" opens the app's page on this site.
  const trigger = rows.filter({ hasText: 'Timesheet Pro' }).getByRole('button', { name: 'More actions for Timesheet Pro' });
  const testId = await trigger.getAttribute('data-testid');
  const id = testId?.match(/^row-actions-(.+)--trigger$/)?.[1];
  expect(id).toBeTruthy();
  await trigger.click();
  const menu = page.getByTestId(`row-actions-${id}--content`);
  await expect(menu.getByRole('menuitem', { name: 'View app details' })).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Download logs' })).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'View app details' })).toHaveAttribute('href', `/admin/${SITE}/apps/${id}`);
  await menu.getByRole('menuitem', { name: 'View app details' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/${SITE.replace(/\./g, '\\.')}/apps/${id}$`));
});
