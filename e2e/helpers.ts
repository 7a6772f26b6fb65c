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
  await waitForApp(page);
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

/** Picks a calendar day (YYYY-MM-DD) in an Atlaskit DatePicker through its calendar, as a person would. */
export async function pickDate(page: Page, testId: string, day: string) {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const monthName = new Date(Date.UTC(year, month - 1, 15)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
  await page.getByTestId(`${testId}--container`).click();
  const calendar = page.getByTestId(`${testId}--calendar--container`);
  // The calendar opens on the month of the field's value: step from there to the wanted month.
  const shown = page.getByTestId(`${testId}--calendar--current-month-year`);
  await expect(shown).toHaveText(/\w+ \d{4}/);
  const [shownMonth, shownYear] = (await shown.innerText()).trim().split(/\s+/) as [string, string];
  const shownIndex = Number(shownYear) * 12 + new Date(`${shownMonth} 15, 2000 UTC`).getUTCMonth();
  const steps = year * 12 + (month - 1) - shownIndex;
  for (let i = 0; i < Math.abs(steps); i++) await page.getByTestId(`${testId}--calendar--${steps > 0 ? 'next' : 'previous'}-month`).click();
  await expect(shown).toHaveText(`${monthName} ${year}`);
  await calendar.locator(`[aria-label="${date}, ${weekday(day)} ${monthName} ${year}"]:not([data-sibling])`).click();
}

function weekday(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleString('en-US', { weekday: 'long', timeZone: 'UTC' });
}

/** Today's date (YYYY-MM-DD) in the browser's time zone, shifted by `days`. */
export async function browserDay(page: Page, days = 0): Promise<string> {
  return page.evaluate((shift) => {
    const d = new Date();
    d.setDate(d.getDate() + shift);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }, days);
}

/** Chooses an option of an Atlaskit Select by its label. */
export async function pickOption(page: Page, testId: string, option: string) {
  await page.getByTestId(`${testId}-select--control`).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/**
 * Waits until React has hydrated the page: clicks and typing before that are lost.
 * Every flow that waits for the app also checks that the page broke no rule
 * of its Content-Security-Policy, so far and for the rest of the test.
 */
export async function waitForApp(page: Page) {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  await expectNoCspViolations(page);
}

const isCspViolation = (text: string) => /Content Security Policy/i.test(text);
const watchedForCsp = new WeakSet<Page>();

/**
 * Fails the test for a CSP violation on this page: at once for those so far
 * (the browser's console, and the document's violation reports, which also
 * hold the ones a script caught and the console never showed), softly for
 * later ones in the console.
 */
export async function expectNoCspViolations(page: Page) {
  const logged = (await page.consoleMessages()).map((m) => m.text()).filter(isCspViolation);
  expect(logged, 'Content-Security-Policy violations in the browser console').toEqual([]);
  const reported = await page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const seen: Report[] = [];
        const observer = new ReportingObserver((reports) => seen.push(...reports), { types: ['csp-violation'], buffered: true });
        observer.observe();
        setTimeout(() => {
          seen.push(...observer.takeRecords());
          observer.disconnect();
          resolve(seen.map((r) => JSON.stringify(r.body)));
        }, 50);
      }),
  );
  expect(reported, 'Content-Security-Policy violation reports of the page').toEqual([]);
  if (watchedForCsp.has(page)) return;
  watchedForCsp.add(page);
  page.on('console', (message) => {
    if (!isCspViolation(message.text())) return;
    try {
      expect.soft(message.text(), 'a Content-Security-Policy violation in the browser console').toBe('');
    } catch {
      // Reported after the test ended: there is no test left to fail.
    }
  });
}

/** Opens a page and waits until it is interactive. */
export async function openPage(page: Page, url: string) {
  await page.goto(url);
  await waitForApp(page);
}

/**
 * Waits until the log viewer shows its finished answer to the filters in the
 * page's URL. The viewer writes a new search into the URL before React has
 * re-rendered, so right after a search the URL is new while the lines, the
 * count and aria-busy are still the last search's; the results' data-filters
 * (the filters their answer is for) tell the two apart. Expects the URL's
 * parameters as the viewer writes them (a 24-hour range is the default and
 * not written).
 */
export async function viewerAnswered(page: Page) {
  await page.waitForFunction(() => {
    const results = document.querySelector('[data-testid="viewer-results"]');
    const sorted = (params: URLSearchParams) => [...params].sort(([a], [b]) => a.localeCompare(b)).join('&');
    const wanted = new URLSearchParams(location.search);
    for (const notFilters of ['tab', 'cols']) wanted.delete(notFilters);
    if (wanted.get('range') === '24h') wanted.delete('range');
    return results?.getAttribute('aria-busy') === 'false' && sorted(new URLSearchParams(results.getAttribute('data-filters') ?? '')) === sorted(wanted);
  });
}

/** An admin's page of one app on their site: Connected apps → ••• → View app details. */
export async function openAppDetails(page: Page, siteUrl: string, appName: string) {
  await openPage(page, `/admin/${siteUrl}/apps`);
  await (await openRowMenu(page, appName, 'View app details')).click();
  await expect(page.getByRole('heading', { name: appName, level: 1 })).toBeVisible();
  await waitForApp(page);
}

/**
 * Opens an app's ••• menu on Connected apps until `item` shows: a click that
 * lands while the row's menu is still hydrating is lost, so it is tried again.
 */
export async function openRowMenu(page: Page, appName: string, item: string) {
  await expect(async () => {
    await page.getByRole('button', { name: `More actions for ${appName}` }).click();
    await expect(page.getByRole('menuitem', { name: item })).toBeVisible({ timeout: 1_000 });
  }).toPass();
  return page.getByRole('menuitem', { name: item });
}

/** Opens the user menu in the top bar (a click while it hydrates is lost, so it is tried again) and returns one of its items. */
export async function openUserMenu(page: Page, item: 'sign-out' | 'sign-out-everywhere') {
  await expect(async () => {
    await page.getByTestId('signed-in-as').click();
    await expect(page.getByTestId(item)).toBeVisible({ timeout: 1_000 });
  }).toPass();
  return page.getByTestId(item);
}
