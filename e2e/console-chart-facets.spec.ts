import { expect, test, type Page } from '@playwright/test';
import { openPage, saveScreenshot, signInThroughApi } from './helpers';

// The viewer's volume chart and facets, as a vendor uses them on the demo's
// Timesheet Pro (read only; whichever of its sites share): hover a bar for
// its counts, drag across the chart to zoom (the URL carries the range, the
// lines are inside it), add a facet value to the search and exclude another.

type Installation = { app: { id: string; name: string } };
type Line = { timestamp: string; level: string; module: string | null };

let appId: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }) => {
  await signInThroughApi(request, 'dev@lumen.example');
  const { installations } = (await (await request.get('/api/v1/installations')).json()) as { installations: Installation[] };
  appId = installations.find((i) => i.app.name === 'Timesheet Pro')!.app.id;
});

/** The lines the viewer shows, once its count says the page has answered. */
async function shownLines(page: Page): Promise<{ time: string; level: string }[]> {
  await expect(page.getByTestId('viewer-count')).toHaveText(/matching lines? in/);
  const rows = page.getByTestId('log-line');
  const times = await rows.locator('time').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime') ?? ''));
  const levels = (await rows.locator('td:first-child').allInnerTexts()).map((t) => t.trim().toLowerCase());
  return times.map((time, i) => ({ time, level: levels[i]! }));
}

test('hover a bar for its counts, drag across the chart to zoom in', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInThroughApi(page.request, 'dev@lumen.example');
  await openPage(page, `/console/apps/${appId}/logs?range=7d`);
  const plot = page.getByTestId('volume-chart-plot');
  await expect(page.getByTestId('volume-bar').first()).toBeVisible();
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
  const levels = page.getByRole('region', { name: 'Level' });
  await levels.getByRole('button', { name: /^error/ }).click();
  await expect(page).toHaveURL(/[?&]q=level%3Aerror(&|$)/);
  await expect(page.getByTestId('viewer-search')).toHaveValue('level:error');
  for (const line of await shownLines(page)) expect(line.level).toBe('error');
  await expect(levels.getByTestId('facet-value')).toHaveCount(1);

  // Alt-click on the most frequent module leaves it out.
  const modules = page.getByRole('region', { name: 'Module' });
  const first = modules.getByTestId('facet-value').first();
  const module = (await first.locator('.facet-label').innerText()).trim();
  await first.locator('.facet-add').click({ modifiers: ['Alt'] });
  const expected = `level:error -module:${module}`;
  await expect(page.getByTestId('viewer-search')).toHaveValue(expected);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${new URLSearchParams({ q: expected }).toString().slice(2).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(&|$)`));
  await shownLines(page);
  await expect(modules.locator('.facet-label', { hasText: new RegExp(`^${module.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })).toHaveCount(0);
  const api = (await (await page.request.get(`/api/v1/apps/${appId}/logs?${new URLSearchParams({ from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date().toISOString(), q: expected, limit: '200' })}`)).json()) as { lines: Line[] };
  expect(api.lines.every((l) => l.level === 'error' && !(l.module ?? '').toLowerCase().startsWith(module.toLowerCase()))).toBe(true);
  await saveScreenshot(page, 'console-chart-facets-filtered-1280');
});

test('at 390 px the chart fits, its tooltip shows, and the fields open on demand', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInThroughApi(page.request, 'dev@lumen.example');
  await openPage(page, `/console/apps/${appId}/logs?range=24h`);
  await expect(page.getByTestId('volume-bar').first()).toBeVisible();
  const svgWidth = await page.getByTestId('volume-chart').locator('svg').evaluate((svg) => svg.getBoundingClientRect().width);
  expect(svgWidth).toBeLessThanOrEqual(390);
  await page.getByText('Fields', { exact: true }).click();
  await expect(page.getByTestId('log-facets')).toBeVisible();
  const box = (await page.getByTestId('volume-chart-plot').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.5);
  await expect(page.getByTestId('volume-tooltip')).toContainText('total');
  await saveScreenshot(page, 'console-chart-facets-390');
});
