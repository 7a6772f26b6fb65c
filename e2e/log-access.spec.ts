import { expect, test } from '@playwright/test';
import { openAppDetails, saveScreenshot, signInThroughApi } from './helpers';

// The seed's first flow, as an admin does it: Connected apps → ••• → View app
// details → Share your app logs → Enable log access → Enable, and back.

test('an organization admin enables and then disables log access', async ({ page }) => {
  await signInThroughApi(page.request, 'admin@acme.example');
  await openAppDetails(page, 'acme.atlassian.net', 'Timesheet Pro');
  await expect(page.getByTestId('app-details')).toContainText('Lumen Software');
  await expect(page.getByRole('heading', { name: 'Share your app logs' })).toBeVisible();
  await saveScreenshot(page, 'app-details-not-shared');

  await page.getByRole('button', { name: 'Enable log access' }).click();
  const modal = page.getByTestId('enable-log-access-modal');
  await expect(modal).toBeVisible();
  await expect(modal).toContainText('Enable log access for Lumen Software?');
  await expect(modal.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await saveScreenshot(page, 'enable-log-access-modal');
  await modal.getByRole('button', { name: 'Enable', exact: true }).click();

  await expect(page.getByTestId('log-access-flag')).toContainText('Log access enabled');
  await expect(modal).toBeHidden();
  const state = page.getByTestId('log-access-state');
  await expect(state).toContainText('Log access is enabled.');
  await expect(state).toContainText('by Avery Adams (admin@acme.example)');
  await expect(state).toContainText('Access has no end date.');
  await expect(page.getByTestId('grant-history--table')).toContainText('Still shared');
  await saveScreenshot(page, 'app-details-shared');

  await page.goto('/admin/acme.atlassian.net/apps');
  const row = page.getByTestId('installation-row').filter({ hasText: 'Timesheet Pro' });
  await expect(row).toContainText('Shared');
  await expect(row).not.toContainText('Not shared');

  await openAppDetails(page, 'acme.atlassian.net', 'Timesheet Pro');
  await page.getByRole('button', { name: 'Disable log access' }).click();
  const confirm = page.getByTestId('disable-log-access-modal');
  await expect(confirm).toContainText('loses access');
  await saveScreenshot(page, 'disable-log-access-modal');
  await confirm.getByRole('button', { name: 'Disable', exact: true }).click();
  await expect(page.getByTestId('log-access-flag')).toContainText('Log access disabled');
  await expect(state).toContainText('Log access is not enabled');
  await expect(page.getByTestId('grant-history--table')).toContainText('disabled by Avery Adams');

  await page.getByTestId('menu-audit-log').click();
  const audit = page.getByTestId('audit-log--table');
  await expect(audit).toContainText('Log access disabled');
  await expect(audit).toContainText('Log access enabled');
  await saveScreenshot(page, 'audit-log-after-consent');
});

test.describe('in a zone with a 45-minute offset', () => {
  test.use({ timezoneId: 'Asia/Kathmandu' });

  test('"Share until" ends at the end of the chosen local day, in UTC', async ({ page }) => {
    await signInThroughApi(page.request, 'admin@acme.example');
    await openAppDetails(page, 'acme.atlassian.net', 'Sprint Insights');
    await page.getByRole('button', { name: 'Enable log access' }).click();
    const modal = page.getByTestId('enable-log-access-modal');
    await expect(modal.getByTestId('share-until-note')).toContainText(/Asia\/Kath?mandu/); // Chromium may name it by its old spelling

    await modal.getByTestId('share-until--container').click();
    await page.getByTestId('share-until--calendar--next-month').click();
    await page.getByTestId('share-until--calendar--container').getByRole('gridcell', { name: /^15/ }).first().click();
    // The 16th starts at 00:00 +05:45, which is 18:15 UTC on the 15th.
    await expect(modal.getByTestId('share-until-note')).toContainText(/\d{4}-\d{2}-15T18:15:00Z UTC/);
    await modal.getByRole('button', { name: 'Enable', exact: true }).click();
    await expect(page.getByTestId('log-access-state')).toContainText(/Access ends \d+ \w+ \d{4}, 18:15 UTC\./);
  });
});

test('a free app explains why its logs cannot be shared', async ({ page }) => {
  await signInThroughApi(page.request, 'admin@acme.example');
  await openAppDetails(page, 'acme.atlassian.net', 'Quick Notes');
  await expect(page.getByTestId('free-app-message')).toContainText('only available for paid apps');
  await expect(page.getByRole('button', { name: 'Enable log access' })).toHaveCount(0);
  await saveScreenshot(page, 'app-details-free');
});

test('a site admin can open app details on their site only', async ({ page }) => {
  await signInThroughApi(page.request, 'siteadmin@acme.example');
  await openAppDetails(page, 'acme-eu.atlassian.net', 'Timesheet Pro');
  const url = page.url().replace('acme-eu.atlassian.net', 'acme.atlassian.net');
  const response = await page.goto(url);
  expect(response?.status()).toBe(404);
});

test('the organization policy can be turned on and off by an organization admin only', async ({ page }) => {
  await signInThroughApi(page.request, 'siteadmin@acme.example');
  await page.goto('/admin/acme-eu.atlassian.net/settings');
  await expect(page.getByText('Only organization admins can change these settings.')).toBeVisible();

  await signInThroughApi(page.request, 'admin@initech.example');
  await page.goto('/admin/initech.atlassian.net/settings');
  await saveScreenshot(page, 'settings');
  await page.getByTestId('share-by-default--input').check({ force: true });
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('settings-flag')).toContainText('Settings saved');
  await page.goto('/admin/initech.atlassian.net/audit?action=ORG_POLICY_CHANGED');
  await expect(page.getByTestId('audit-log--table')).toContainText('new paid apps share logs by default');
  await page.goto('/admin/initech.atlassian.net/settings');
  await expect(page.getByTestId('share-by-default--input')).toBeChecked();
  await page.getByTestId('share-by-default--input').uncheck({ force: true });
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('settings-flag')).toContainText('Settings saved');
});

test('the enable modal works from the keyboard: focus moves in, Escape closes, focus comes back', async ({ page }) => {
  await signInThroughApi(page.request, 'admin@acme.example');
  await openAppDetails(page, 'acme.atlassian.net', 'SLA Watch');
  const trigger = page.getByRole('button', { name: 'Enable log access' });
  await trigger.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Enable log access for Bluefin Apps?' });
  await expect(dialog).toBeVisible();
  await expect.poll(() => dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
});
