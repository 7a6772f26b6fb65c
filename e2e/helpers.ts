import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '@/lib/demo/identities';

/** Signs in through next-auth's own endpoints, the way scripts do; the session cookie lands in the page's context. */
export async function signInThroughApi(request: APIRequestContext, email: string, password = DEMO_PASSWORD) {
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await request.post('/api/auth/callback/credentials', {
    form: { csrfToken, email, password, json: 'true' },
  });
  expect(response.ok()).toBe(true);
  const session = (await (await request.get('/api/auth/session')).json()) as { user?: { email?: string } };
  expect(session.user?.email).toBe(email);
}

export async function signInThroughUi(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/signin');
  await page.getByTestId('email').fill(email);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in-submit').click();
}

const screenshotDir = path.join(process.cwd(), 'e2e', 'screenshots');

/** Saves a full-page screenshot under e2e/screenshots/ for a person to look at. */
export async function saveScreenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}
