import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';
import { browserDay, openPage, pickDate, pickOption, saveScreenshot, signInThroughApi, viewerAnswered, waitForApp } from './helpers';

// The viewer's volume chart and facets, as a vendor uses them on the demo's
// Timesheet Pro, with one staging installation sharing: hover a bar for
// its counts, drag across the chart to zoom (the URL carries the range, the
// lines are inside it), add a facet value to the search and exclude another.

type Installation = { id: string; app: { id: string; name: string }; site: { url: string }; environment: string };
type Line = { timestamp: string; level: string; module: string | null };

let owner: APIRequestContext;
let target: Installation;
let appId: string;

test.describe.configure({ mode: 'serial' });

// Timesheet Pro's STAGING installation on lumen.atlassian.net shares for these tests (its admin is owner@lumen.example).
test.beforeAll(async ({ baseURL }) => {
  owner = await playwrightRequest.newContext({ baseURL });
  await signInThroughApi(owner, 'owner@lumen.example');
  const { installations } = (await (await owner.get('/api/v1/installations')).json()) as { installations: Installation[] };
  target = installations.find((i) => i.app.name === 'Timesheet Pro' && i.site.url === 'lumen.atlassian.net' && i.environment === 'STAGING')!;
  expect(target).toBeTruthy();
  appId = target.app.id;
  expect((await owner.put(`/api/v1/installations/${target.id}/log-access`, { data: { enabled: true } })).status()).toBe(200);
});

test.afterAll(async () => {
  await owner.delete(`/api/v1/installations/${target.id}/log-access`);
  await owner.dispose();
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The lines the viewer shows, once its count says the page has answered. */
async function shownLines(page: Page): Promise<{ time: string; level: string }[]> {
  await viewerAnswered(page);
  await expect(page.getByTestId('viewer-count')).toHaveText(/matching lines? in/);
  const rows = page.getByTestId('log-line');
  const times = await rows.locator('time').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime') ?? ''));
  const levels = (await rows.locator('[role=gridcell]:first-child').allInnerTexts()).map((t) => t.trim().toLowerCase());
  return times.map((time, i) => ({ time, level: levels[i]! }));
}

test('hover a bar for its counts, drag across the chart to zoom in', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInThroughApi(page.request, 'dev@lumen.example');
  await openPage(page, `/console/apps/${appId}/logs?range=7d`);
  const plot = page.getByTestId('volume-chart-plot');
  await expect(page.getByTestId('volume-chart').locator('rect[class^="level-fill"]').first()).toBeVisible();
  await expect(page.getByTestId('log-facets')).toBeVisible();
  await shownLines(page);

  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  const tooltip = page.getByTestId('volume-tooltip');
  await expect(tooltip).toContainText(/\d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC – \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC/);
  await expect(tooltip).toContainText('error');
  await expect(tooltip).toContainText('total');
  await saveScreenshot(page, 'console-chart-facets-1280');

  // Drag from 30% to 70% of the plot: the viewer's range becomes the buckets under it.
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5, { steps: 5 });
  await page.mouse.up();
  await expect(page).toHaveURL(/range=absolute&from=[^&]+Z&to=[^&]+Z/);
  const url = new URL(page.url());
  const [from, to] = [Date.parse(url.searchParams.get('from')!), Date.parse(url.searchParams.get('to')!)];
  // 7 days in 6-hour buckets: 40% of them is about 11 buckets.
  expect(to - from).toBeGreaterThan(2 * 86_400_000);
  expect(to - from).toBeLessThan(4 * 86_400_000);
  await expect(page.getByTestId('viewer-absolute-range')).toContainText('UTC');
  const lines = await shownLines(page);
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(Date.parse(line.time) >= from && Date.parse(line.time) < to, line.time).toBe(true);

  // A click on one bar narrows to that bucket.
  const zoomed = (await plot.boundingBox())!;
  await page.mouse.click(zoomed.x + zoomed.width * 0.5, zoomed.y + zoomed.height * 0.5);
  await expect.poll(() => new URL(page.url()).searchParams.get('from')).not.toBe(url.searchParams.get('from'));
  const narrowed = new URL(page.url());
  expect(Date.parse(narrowed.searchParams.get('to')!) - Date.parse(narrowed.searchParams.get('from')!)).toBeLessThanOrEqual(3 * 3_600_000);
});

test('a facet value adds field:value to the search, alt-click excludes one', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInThroughApi(page.request, 'dev@lumen.example');
  await openPage(page, `/console/apps/${appId}/logs?range=7d`);
  await shownLines(page);

  // Alt-click on the most frequent module leaves it out.
  const modules = page.getByRole('region', { name: 'Module' });
  const first = modules.getByTestId('facet-value').first();
  const moduleName = (await first.locator('.facet-label').innerText()).trim();
  await first.locator('.facet-add').click({ modifiers: ['Alt'] });
  const excluded = `-module:${moduleName}`;
  await expect(page.getByTestId('viewer-search')).toHaveValue(excluded);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${escapeRegExp(new URLSearchParams({ q: excluded }).toString().slice(2))}(&|$)`));
  expect((await shownLines(page)).length).toBeGreaterThan(0);
  await expect(modules.locator('.facet-label', { hasText: new RegExp(`^${escapeRegExp(moduleName)}$`) })).toHaveCount(0);

  // A click on the most frequent level left adds it.
  const levels = page.getByRole('region', { name: 'Level' });
  const level = (await levels.getByTestId('facet-value').first().locator('.facet-label').innerText()).trim();
  await levels.getByTestId('facet-value').first().locator('.facet-add').click();
  const both = `${excluded} level:${level}`;
  await expect(page.getByTestId('viewer-search')).toHaveValue(both);
  const lines = await shownLines(page);
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line.level).toBe(level);
  await expect(levels.getByTestId('facet-value')).toHaveCount(1);
  const range = { from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date().toISOString() };
  const api = (await (await page.request.get(`/api/v1/apps/${appId}/logs?${new URLSearchParams({ ...range, q: both, limit: '200' })}`)).json()) as { lines: Line[] };
  expect(api.lines.length).toBe(lines.length < 20 ? lines.length : api.lines.length);
  expect(api.lines.every((l) => l.level === level && !(l.module ?? '').toLowerCase().startsWith(moduleName.toLowerCase()))).toBe(true);
  await saveScreenshot(page, 'console-chart-facets-filtered-1280');
});

test('Custom days: the date pickers appear when chosen, and the chosen first day starts the range', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInThroughApi(page.request, 'dev@lumen.example');
  await openPage(page, `/console/apps/${appId}/logs?range=7d`);
  await viewerAnswered(page);
  // The pickers' code is loaded when the range needs them, not with the page.
  await expect(page.getByTestId('viewer-first-day--container')).toHaveCount(0);
  await pickOption(page, 'viewer-range', 'Custom days');
  await expect(page.getByTestId('viewer-first-day--container')).toBeVisible();
  await expect(page.getByTestId('viewer-last-day--container')).toBeVisible();
  const firstDay = await browserDay(page, -3);
  await pickDate(page, 'viewer-first-day', firstDay);
  await expect(page).toHaveURL(new RegExp(`range=custom&firstDay=${firstDay}&lastDay=${await browserDay(page)}(&|$)`));
  const start = await page.evaluate((day) => new Date(`${day}T00:00:00`).getTime(), firstDay);
  for (const line of await shownLines(page)) expect(Date.parse(line.time), line.time).toBeGreaterThanOrEqual(start);
});

test('at 390 px the chart fits, its tooltip shows, and the fields open on demand', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInThroughApi(page.request, 'dev@lumen.example');
  await openPage(page, `/console/apps/${appId}/logs?range=7d`);
  await expect(page.getByTestId('volume-chart').locator('rect[class^="level-fill"]').first()).toBeVisible();
  const svgWidth = await page.getByTestId('volume-chart').locator('svg').evaluate((svg) => svg.getBoundingClientRect().width);
  expect(svgWidth).toBeLessThanOrEqual(390);
  await page.getByText('Fields', { exact: true }).click();
  await expect(page.getByTestId('log-facets')).toBeVisible();
  const plot = page.getByTestId('volume-chart-plot');
  const box = (await plot.boundingBox())!;
  await plot.hover({ position: { x: box.width * 0.8, y: box.height * 0.5 } });
  await expect(page.getByTestId('volume-tooltip')).toContainText('total');
  await saveScreenshot(page, 'console-chart-facets-390');
});

test('the first view comes with the page; the browser reads through the API once the view changes, without a server render', async ({ page }) => {
  const asked: string[] = [];
  page.on('request', (request) => {
    const { pathname, search } = new URL(request.url());
    const read = /^\/api\/v1\/apps\/[^/]+\/logs(?:\/(count|volume|facets))?$/.exec(pathname);
    if (read) asked.push(read[1] ?? 'lines');
    else if (search.includes('_rsc=') && pathname.endsWith('/logs')) asked.push('server render');
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInThroughApi(page.request, 'dev@lumen.example');
  await openPage(page, `/console/apps/${appId}/logs?range=7d`);
  await expect(page.getByTestId('volume-chart').locator('rect[class^="level-fill"]').first()).toBeVisible();
  await expect(page.getByTestId('facet-value').first()).toBeVisible();
  await expect(page.getByTestId('viewer-count')).toHaveText(/\d+ matching lines? in/);
  expect((await shownLines(page)).length).toBeGreaterThan(0);
  expect(asked).toEqual([]);

  await page.getByTestId('facet-value').first().click();
  await expect(page).toHaveURL(/[?&]q=/);
  await shownLines(page);
  await expect.poll(() => [...new Set(asked)].sort()).toEqual(['count', 'facets', 'lines', 'volume']);
});

// Issue #16's figure: the viewer's first page with its chart and facets usable within 1 s in Chromium,
// opened in a new browser (nothing cached) and again (the portal's scripts cached, as for a vendor coming back).
// The instant is taken in the page, by an observer of the document, when it is first hydrated with the lines,
// the chart's bars and the facets' values all shown: not after Playwright's round trips to ask.
// Printed, not asserted (a timed assertion would fail on a busy machine, not on slow code).
test('the first page with its chart and facets: the time until it can be used, printed', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInThroughApi(page.request, 'dev@lumen.example');
  await page.addInitScript(() => {
    const usable = () =>
      document.documentElement.hasAttribute('data-hydrated') &&
      document.querySelector('[data-testid="log-line"]') !== null &&
      document.querySelector('[data-testid="volume-chart-plot"]') !== null &&
      document.querySelector('[data-testid="facet-value"]') !== null;
    const observer = new MutationObserver(() => {
      const root = document.documentElement;
      if (root.hasAttribute('data-hydrated') && !root.dataset.hydratedAt) root.dataset.hydratedAt = String(Math.round(performance.now()));
      if (!usable()) return;
      document.documentElement.dataset.usableAt = String(Math.round(performance.now()));
      observer.disconnect();
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true });
  });
  const timings: string[] = [];
  for (const visit of ['new browser', 'scripts cached']) {
    await page.goto(`/console/apps/${appId}/logs?range=7d`);
    await waitForApp(page);
    const usableAt = page.locator('html[data-usable-at]');
    await usableAt.waitFor({ state: 'attached' });
    const usable = Number(await usableAt.getAttribute('data-usable-at'));
    const navigation = await page.evaluate(() => {
      const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      const loaded = (kind: string) => performance.getEntriesByType('resource').filter((r) => (r as PerformanceResourceTiming).initiatorType === kind).length;
      return entry
        ? {
            lastByte: Math.round(entry.responseEnd),
            domContentLoaded: Math.round(entry.domContentLoadedEventEnd),
            hydrated: document.documentElement.dataset.hydratedAt,
            stylesheets: document.querySelectorAll('link[rel="stylesheet"]').length,
            scripts: loaded('script'),
          }
        : null;
    });
    expect(usable).toBeGreaterThan(0);
    timings.push(
      `${visit}: usable ${usable} ms after navigation began` +
        (navigation
          ? ` (the page with its first reads in ${navigation.lastByte} ms, DOMContentLoaded ${navigation.domContentLoaded} ms, hydrated ${navigation.hydrated} ms; ${navigation.stylesheets} stylesheets, ${navigation.scripts} scripts)`
          : ''),
    );
  }
  console.log(`viewer first page with chart and facets (7 days): ${timings.join('; ')}; target 1,000 ms`);
});
