import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createUser } from './db';
import { openPage, openRowMenu, signInThroughApi, waitForApp } from './helpers';

// axe-core on every screen of the portal, with its dialogs and menus open:
// no serious or critical violation anywhere. A failure names each rule, its
// help text and the elements it flagged.

const SITE = 'acme.atlassian.net';
// axe walks the whole page each time: a few seconds a screen on a busy machine.
test.describe.configure({ timeout: 240_000 });

type Installation = { id: string; app: { id: string; name: string }; site: { url: string } };

async function expectAccessible(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
  expect(serious, `serious or critical accessibility violations on ${screen}`).toEqual([]);
}

test('sign-in, not found and no access pass axe', async ({ page }) => {
  await openPage(page, '/signin');
  await expectAccessible(page, 'sign-in');
  await page.goto('/no-such-page');
  await expectAccessible(page, 'not found, signed out');
  const { email } = await createUser({ name: 'Axe Nobody', password: 'axe-password-1' });
  await signInThroughApi(page.request, email, 'axe-password-1');
  await openPage(page, '/no-access');
  await expectAccessible(page, 'no access');
});

test('Connected apps and the Download logs dialog pass axe, with menus and calendars open', async ({ page }) => {
  await signInThroughApi(page.request, 'admin@acme.example');

  await openPage(page, `/admin/${SITE}/apps`);
  await expectAccessible(page, 'Connected apps');
  await openRowMenu(page, 'Quick Notes', 'Download logs');
  await expectAccessible(page, 'Connected apps, a free app’s menu open');
  await page.keyboard.press('Escape');

  await (await openRowMenu(page, 'Timesheet Pro', 'Download logs')).click();
  const download = page.getByTestId('download-logs-modal');
  await expect(download.getByTestId('log-line').first()).toBeVisible();
  await expectAccessible(page, 'Download logs');
  await download.getByTestId('download-first-day--container').click();
  await expect(page.getByTestId('download-first-day--calendar--container')).toBeVisible();
  await expectAccessible(page, 'Download logs, calendar open');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(download).toBeHidden();

});

test('the Admin Hub’s app details, requests, audit log and settings pass axe', async ({ page }) => {
  await signInThroughApi(page.request, 'admin@acme.example');
  const { installations } = (await (await page.request.get('/api/v1/installations')).json()) as { installations: Installation[] };
  const slaWatch = installations.find((i) => i.app.name === 'SLA Watch' && i.site.url === SITE)!;
  await openPage(page, `/admin/${SITE}/apps/${slaWatch.id}`);
  await expectAccessible(page, 'app details');
  await page.getByRole('button', { name: 'Enable log access' }).click();
  await expect(page.getByTestId('enable-log-access-modal')).toBeVisible();
  await expectAccessible(page, 'Enable log access');
  await page.getByRole('button', { name: 'Preview what the vendor will see' }).click();
  await expect(page.getByTestId('scope-preview-summary')).toBeVisible();
  await expectAccessible(page, 'Enable log access, with the scope and the preview of the vendor’s view');
  await page.keyboard.press('Escape');

  for (const section of ['requests', 'audit', 'settings', 'webhooks']) {
    await openPage(page, `/admin/${SITE}/${section}`);
    await expectAccessible(page, section);
  }

  await page.setViewportSize({ width: 390, height: 844 });
  await openPage(page, `/admin/${SITE}/apps`);
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(page.getByTestId('side-menu')).toBeVisible();
  await expectAccessible(page, 'Connected apps on a phone, menu open');
});

test('every developer console screen passes axe, the logs viewer included', async ({ page }) => {
  await signInThroughApi(page.request, 'owner@lumen.example');
  const { installations } = (await (await page.request.get('/api/v1/installations')).json()) as { installations: Installation[] };
  const timesheet = installations.find((i) => i.app.name === 'Timesheet Pro')!.app.id;

  await openPage(page, '/console');
  await expectAccessible(page, 'console home');
  await openPage(page, `/console/apps/${timesheet}`);
  await expectAccessible(page, 'console app');
  await openPage(page, `/console/apps/${timesheet}/logs`);
  // Dimmed results while a read runs are not the page's resting state.
  await expect(page.getByTestId('viewer-results')).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByTestId('viewer-count')).not.toHaveText('Loading…');
  await expectAccessible(page, 'logs viewer');

  await openPage(page, '/console/members');
  await expectAccessible(page, 'members');
  await page.getByTestId('member-row').filter({ hasText: 'dev@lumen.example' }).getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('remove-member-dialog')).toBeVisible();
  await expectAccessible(page, 'remove member dialog');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await openPage(page, '/console/tokens');
  await expectAccessible(page, 'API tokens');
  await page.getByTestId('token-name').fill('axe token');
  await page.getByTestId('create-token').click();
  await expect(page.getByTestId('new-token')).toBeVisible();
  await expectAccessible(page, 'API tokens, new secret shown');
  await page.getByTestId('revoke-axe token').click();
  await expect(page.getByTestId('revoke-token-dialog')).toBeVisible();
  await expectAccessible(page, 'revoke token dialog');
  await page.getByTestId('revoke-token-dialog-confirm').click();
  await expect(page.getByTestId('token-flag')).toBeVisible();
  await waitForApp(page);
});
