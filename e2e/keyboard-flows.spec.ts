import { expect, test, type Locator, type Page } from '@playwright/test';
import { browserDay, openPage, signInThroughApi } from './helpers';

// The Admin Hub's two flows done with the keyboard alone: Tab, Enter, the
// arrow keys and Escape, no clicks.

const SITE = 'acme.atlassian.net';

/** The focused element's accessible-ish name: its aria-label, else its text. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return (el?.getAttribute('aria-label') ?? el?.innerText ?? '').trim();
  });
}

/** Presses Tab until the focused element is named `name` (at most `max` presses), and says how many it took. */
async function tabTo(page: Page, name: string | RegExp, max = 60): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab');
    const focused = await focusedName(page);
    if (typeof name === 'string' ? focused === name : name.test(focused)) return presses;
  }
  throw new Error(`${String(name)} was not reached in ${max} Tabs`);
}

/** Presses Tab until `target` has the focus (at most `max` presses), and says how many it took. */
async function tabUntilFocused(page: Page, target: Locator, max: number): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return presses;
  }
  throw new Error(`the field was not reached in ${max} Tabs`);
}

test('enabling log access with an end date, then disabling it, with the keyboard alone', async ({ page }) => {
  await signInThroughApi(page.request, 'admin@acme.example');
  const { installations } = (await (await page.request.get('/api/v1/installations')).json()) as {
    installations: { id: string; app: { name: string }; site: { url: string } }[];
  };
  const slaWatch = installations.find((i) => i.app.name === 'SLA Watch' && i.site.url === SITE)!;
  await openPage(page, `/admin/${SITE}/apps/${slaWatch.id}`);

  await tabTo(page, 'Enable log access');
  await page.keyboard.press('Enter');
  const modal = page.getByTestId('enable-log-access-modal');
  await expect(modal).toBeVisible();
  // Into the end date: ArrowDown opens the calendar on today, ArrowRight twice moves to the day after tomorrow, Enter picks it.
  await tabUntilFocused(page, page.locator('#share-until'), 10);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('share-until--calendar--container')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('share-until--calendar--container')).toHaveCount(0);
  await expect(modal.getByTestId('share-until-note')).toContainText(`Access ends at the end of ${await browserDay(page, 2)}`);
  await tabTo(page, 'Enable', 10);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('log-access-flag').filter({ hasText: 'Log access enabled' })).toBeVisible();
  await expect(page.getByTestId('log-access-state')).toContainText('Access ends');

  await tabTo(page, 'Disable log access');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('disable-log-access-modal')).toBeVisible();
  await tabTo(page, 'Disable', 5);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('log-access-flag').filter({ hasText: 'Log access disabled' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Enable log access' })).toBeVisible();
});

test('downloading logs for chosen days with the keyboard alone', async ({ page }) => {
  await signInThroughApi(page.request, 'admin@acme.example');
  await openPage(page, `/admin/${SITE}/apps`);
  await tabTo(page, 'More actions for Release Radar');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Download logs' })).toBeVisible();
  // Arrow keys move through the menu to Download logs.
  const item = page.getByRole('menuitem', { name: 'Download logs' });
  for (let presses = 0; presses < 3 && !(await item.evaluate((el) => el === document.activeElement)); presses++) await page.keyboard.press('ArrowDown');
  await expect(item).toBeFocused();
  await page.keyboard.press('Enter');
  const modal = page.getByTestId('download-logs-modal');
  await expect(modal.getByTestId('download-summary')).toBeVisible();

  // The first day: one day earlier than the default, picked in the calendar with the arrows.
  await tabUntilFocused(page, page.locator('#download-first-day'), 10);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('download-first-day--calendar--container')).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await expect(page.locator('input[name="download-first-day"]')).toHaveValue(await browserDay(page, -7));
  // First day's calendar button, the last day and its calendar button, Apply.
  const applyTabs = await tabTo(page, 'Apply', 6);
  expect(applyTabs).toBeLessThanOrEqual(4);
  await page.keyboard.press('Enter');
  await expect(modal.getByTestId('download-range-from')).toHaveAttribute('datetime', new RegExp(`^${await browserDay(page, -7)}T`));

  const downloadTabs = await tabTo(page, 'Download', 12);
  expect(downloadTabs).toBeLessThanOrEqual(6);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toMatch(/^logs_release-radar_acme\.atlassian\.net_.+\.ndjson$/);
});
