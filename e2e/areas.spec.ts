import { expect, test } from '@playwright/test';
import { saveScreenshot, signInThroughApi, waitForApp } from './helpers';

test('the Admin Hub opens on the first site by name, lists its apps, and switches sites', async ({ page }) => {
  await signInThroughApi(page.request, 'admin@acme.example');
  await page.goto('/admin');
  // "acme-eu.atlassian.net" sorts before "acme.atlassian.net" ('-' < '.').
  await expect(page).toHaveURL(/\/admin\/acme-eu\.atlassian\.net\/apps$/);
  await waitForApp(page);

  await page.getByTestId('site-switcher--trigger').click();
  await page.getByRole('menuitemradio', { name: 'acme.atlassian.net' }).or(page.getByRole('menuitem', { name: 'acme.atlassian.net' })).click();
  await expect(page).toHaveURL(/\/admin\/acme\.atlassian\.net\/apps$/);
  await expect(page.getByRole('heading', { name: 'Connected apps' })).toBeVisible();
  const table = page.getByTestId('connected-apps--table');
  await expect(table).toContainText('Timesheet Pro');
  await expect(table).toContainText('Quick Notes');
  await expect(table).toContainText('Release Radar');
  await expect(table).toContainText('Not available for free apps');
  await saveScreenshot(page, 'admin-hub-connected-apps');

  await page.getByTestId('menu-audit-log').click();
  await expect(page).toHaveURL(/\/admin\/acme\.atlassian\.net\/audit$/);
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await saveScreenshot(page, 'admin-hub-audit-log');
});

test('a site admin sees only their site; other sites are 404', async ({ page }) => {
  await signInThroughApi(page.request, 'siteadmin@acme.example');
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/admin\/acme-eu\.atlassian\.net\/apps$/);
  const response = await page.goto('/admin/acme.atlassian.net/apps');
  expect(response?.status()).toBe(404);
  const other = await page.goto('/admin/initech.atlassian.net/apps');
  expect(other?.status()).toBe(404);
});

test('the developer console lists the vendor’s apps and their installations', async ({ page }) => {
  await signInThroughApi(page.request, 'dev@lumen.example');
  await page.goto('/console');
  await expect(page.getByTestId('vendor-apps--table')).toContainText('Timesheet Pro');
  await expect(page.getByTestId('vendor-apps--table')).toContainText('Quick Notes');
  await expect(page.getByTestId('vendor-apps--table')).not.toContainText('Release Radar');
  await saveScreenshot(page, 'developer-console');
  await waitForApp(page);
  await page.getByTestId('side-menu').getByText('Timesheet Pro').click();
  await expect(page.getByRole('heading', { name: 'Timesheet Pro' })).toBeVisible();
  await expect(page.getByTestId('app-installations--table')).toContainText('acme.atlassian.net');
  // Paid apps show each customer's technical contact, the person to ask about logs.
  await expect(page.getByTestId('app-installations--table')).toContainText('it-ops@acme.example');
  await expect(page.getByTestId('app-installations--table')).toContainText('Not shared');
  await saveScreenshot(page, 'developer-console-app');
  await page.getByTestId('view-logs').click();
  await expect(page.getByRole('heading', { name: 'Timesheet Pro: logs' })).toBeVisible();
});

test('a vendor cannot open another vendor’s app, nor the Admin Hub', async ({ page }) => {
  await signInThroughApi(page.request, 'dev@globex.example');
  await page.goto('/console');
  const href = await page.getByTestId('vendor-apps--table').getByRole('link', { name: 'Release Radar' }).getAttribute('href');
  expect(href).toMatch(/^\/console\/apps\//);
  await signInThroughApi(page.request, 'dev@lumen.example');
  const response = await page.goto(href!);
  expect(response?.status()).toBe(404);
  const admin = await page.goto('/admin');
  expect(admin?.status()).toBe(404);
});

test('a person with both roles can switch between the areas', async ({ page }) => {
  await signInThroughApi(page.request, 'owner@lumen.example');
  await page.goto('/');
  await expect(page).toHaveURL(/\/admin\/lumen\.atlassian\.net\/apps$/);
  await page.getByTestId('switch-to-console').click();
  await expect(page).toHaveURL(/\/console$/);
  await page.getByTestId('switch-to-admin').click();
  await expect(page).toHaveURL(/\/admin\/lumen\.atlassian\.net\/apps$/);
});

test('health answers 200 with the database up', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', database: 'up' });
  expect(response.headers()['x-request-id']).toBeTruthy();
});
