import { expect, test, type Page } from '@playwright/test';
import { openPage, saveScreenshot, signInThroughApi } from './helpers';

// Every Admin Hub screen, and the console's shell, at a laptop (1280), a small
// window (800) and a phone (390): the page never scrolls sideways (wide tables
// scroll inside themselves), and below desktop width the side menu folds
// behind a "Menu" button.

const SITE = 'acme.atlassian.net';
const WIDTHS = [1280, 800, 390] as const;

type Installation = { id: string; app: { id: string; name: string }; site: { url: string } };

async function pageScrollsSideways(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
}

async function checkScreen(page: Page, url: string, name: string, width: number) {
  await page.setViewportSize({ width, height: width < 500 ? 844 : 900 });
  await openPage(page, url);
  await expect(page.locator('main')).toBeVisible();
  const { scrollWidth, clientWidth } = await pageScrollsSideways(page);
  expect(scrollWidth, `${url} at ${width} px scrolls sideways`).toBeLessThanOrEqual(clientWidth);
  await saveScreenshot(page, `responsive-${name}-${width}`);
}

async function checkMenu(page: Page, width: number, itemTestId: string) {
  const button = page.getByRole('button', { name: 'Menu' });
  const menu = page.getByTestId('side-menu');
  if (width >= 1024) {
    await expect(button).toBeHidden();
    await expect(menu).toBeVisible();
    return;
  }
  await expect(menu).toBeHidden();
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(menu).toBeVisible();
  await expect(page.getByTestId(itemTestId)).toBeVisible();
  await saveScreenshot(page, `responsive-menu-open-${itemTestId}-${width}`);
  const { scrollWidth, clientWidth } = await pageScrollsSideways(page);
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
}

for (const width of WIDTHS) {
  test(`every Admin Hub screen fits ${width} px without sideways scrolling`, async ({ page }) => {
    await signInThroughApi(page.request, 'admin@acme.example');
    const { installations } = (await (await page.request.get('/api/v1/installations')).json()) as { installations: Installation[] };
    const timesheet = installations.find((i) => i.app.name === 'Timesheet Pro' && i.site.url === SITE)!;
    await checkScreen(page, '/admin', 'admin-home', width);
    await expect(page).toHaveURL(/\/admin\/[^/]+\/apps$/);
    await checkScreen(page, `/admin/${SITE}/apps`, 'connected-apps', width);
    await checkMenu(page, width, 'menu-audit-log');
    await checkScreen(page, `/admin/${SITE}/apps/${timesheet.id}`, 'app-details', width);
    await checkScreen(page, `/admin/${SITE}/requests`, 'access-requests', width);
    await checkScreen(page, `/admin/${SITE}/settings`, 'settings', width);
    await checkScreen(page, `/admin/${SITE}/webhooks`, 'webhooks', width);
    await checkScreen(page, `/admin/${SITE}/audit`, 'audit-log', width);
  });

  test(`the developer console’s shell fits ${width} px`, async ({ page }) => {
    await signInThroughApi(page.request, 'dev@lumen.example');
    await checkScreen(page, '/console', 'console-home', width);
    await checkMenu(page, width, 'menu-api-tokens');
    await checkScreen(page, '/console/tokens', 'console-tokens', width);
    await checkScreen(page, '/console/members', 'console-members', width);
  });
}

for (const width of [800, 390]) {
  test(`the menu button opens the Admin Hub menu and follows a link at ${width} px`, async ({ page }) => {
    await signInThroughApi(page.request, 'admin@acme.example');
    await page.setViewportSize({ width, height: 844 });
    await openPage(page, `/admin/${SITE}/apps`);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByTestId('menu-settings').click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByTestId('side-menu')).toBeHidden();
  });
}
