import { expect, test } from '@playwright/test';
import { DEMO_HOME, DEMO_USERS } from '@/lib/demo/identities';
import { openUserMenu, saveScreenshot, signInThroughApi, signInThroughUi } from './helpers';

test('a signed-out visit redirects to sign-in and comes back after it', async ({ page }) => {
  await page.goto('/admin/acme.atlassian.net/audit');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fadmin%2Facme\.atlassian\.net%2Faudit$/);
  await expect(page.getByRole('heading', { name: 'Sign in to Logshare' })).toBeVisible();
  await saveScreenshot(page, 'sign-in');
  await page.getByTestId('email').fill('admin@acme.example');
  await page.getByTestId('password').fill('demo');
  await page.getByTestId('sign-in-submit').click();
  await expect(page).toHaveURL(/\/admin\/acme\.atlassian\.net\/audit$/);
});

test('a wrong password is refused with a message', async ({ page }) => {
  await signInThroughUi(page, 'admin@acme.example', 'not-the-password');
  await expect(page.getByTestId('sign-in-error')).toContainText('do not match');
  await expect(page).toHaveURL(/\/signin/);
});

for (const user of DEMO_USERS) {
  test(`${user.email} signs in through the UI and lands in ${DEMO_HOME[user.email]}`, async ({ page }) => {
    await signInThroughUi(page, user.email);
    const home = DEMO_HOME[user.email];
    await expect(page).toHaveURL(home === '/admin' ? /\/admin\/[^/]+\/apps$/ : /\/console$/);
    await expect(page.getByTestId('signed-in-as')).toHaveText(user.email);
  });
}

test('signing out ends the session', async ({ page }) => {
  await signInThroughApi(page.request, 'dev@globex.example');
  await page.goto('/console');
  await (await openUserMenu(page, 'sign-out')).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto('/console');
  await expect(page).toHaveURL(/\/signin/);
});
