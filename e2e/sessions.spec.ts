import { expect, test, type BrowserContext } from '@playwright/test';
import { createUser } from './db';
import { openUserMenu, saveScreenshot, signInThroughApi, signInThroughUi, waitForApp } from './helpers';

// Sign-out ends the session on the server, not only in the browser that
// signs out: a copy of the cookie is worth nothing afterwards. Each test signs
// in a person of its own, so signing out everywhere touches no other test.

const PASSWORD = 'a-long-enough-password';

async function sessionCookie(context: BrowserContext) {
  const cookie = (await context.cookies()).find((c) => c.name.endsWith('next-auth.session-token'));
  expect(cookie).toBeDefined();
  return cookie!;
}

/** What a copied cookie is worth: the API answers 401 and pages send it to sign-in. */
async function expectSignedOut(context: BrowserContext) {
  expect((await context.request.get('/api/v1/installations')).status()).toBe(401);
  const page = await context.newPage();
  await page.goto('/console');
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole('heading', { name: 'Sign in to Logshare' })).toBeVisible();
}

test('signing out through the UI ends the session for a copy of its cookie too', async ({ page, browser }) => {
  const person = await createUser({ name: 'Olive Outgoing', password: PASSWORD, vendorSlug: 'globex' });
  await signInThroughApi(page.request, person.email, PASSWORD);
  const copied = await sessionCookie(page.context());

  await page.goto('/console');
  await waitForApp(page);
  await expect(page.getByTestId('signed-in-as')).toHaveText(person.email);
  await openUserMenu(page, 'sign-out');
  await saveScreenshot(page, 'user-menu');
  await page.setViewportSize({ width: 400, height: 700 });
  await saveScreenshot(page, 'user-menu-narrow');
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/signin/);

  const thief = await browser.newContext();
  await thief.addCookies([copied]);
  await expectSignedOut(thief);
  await thief.close();
});

test('"Sign out everywhere" ends the sessions of the person’s other browsers', async ({ page, browser }) => {
  const person = await createUser({ name: 'Evan Everywhere', password: PASSWORD, vendorSlug: 'globex' });
  const other = await browser.newContext();
  await signInThroughApi(other.request, person.email, PASSWORD);
  expect((await other.request.get('/api/v1/installations')).status()).toBe(200);
  await signInThroughApi(page.request, person.email, PASSWORD);

  await page.goto('/console');
  await waitForApp(page);
  await (await openUserMenu(page, 'sign-out-everywhere')).click();
  await expect(page).toHaveURL(/\/signin/);

  await expectSignedOut(other);
  await other.close();
});

test('six wrong passwords in a row: the sixth is throttled, with when to try again', async ({ page }) => {
  // Unknown and known accounts are throttled alike: this e-mail has no account.
  const email = `nobody-${Date.now()}@people.example`;
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signInThroughUi(page, email, `wrong-${attempt}`);
    await expect(page.getByTestId('sign-in-error')).toContainText('do not match');
  }
  await signInThroughUi(page, email, 'wrong-6');
  await expect(page.getByTestId('sign-in-error')).toHaveText('Too many attempts, try again in 15 minutes.');
  await saveScreenshot(page, 'sign-in-throttled');
});
