import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { findPii } from '@/lib/pii/detect-pii';
import { browserDay, openPage, openRowMenu, pickDate, pickOption, saveScreenshot, signInThroughApi } from './helpers';

// The seed's second flow: Connected apps → ••• → Download logs → pick days
// (local time) → Apply → check the preview → Download → send the file.

type NdjsonLine = { timestamp: string; level: string; message: string; site: string };

async function openDownload(page: Page, appName = 'Timesheet Pro') {
  await signInThroughApi(page.request, 'admin@acme.example');
  await openPage(page, '/admin/acme.atlassian.net/apps');
  await (await openRowMenu(page, appName, 'Download logs')).click();
  const modal = page.getByTestId('download-logs-modal');
  await expect(modal).toBeVisible();
  await expect(modal.getByTestId('download-summary')).toBeVisible();
  return modal;
}

async function summaryRange(page: Page): Promise<{ from: string; to: string; lines: number }> {
  // The summary shows the range readably; its <time> elements carry the exact instants.
  const from = (await page.getByTestId('download-range-from').getAttribute('datetime'))!;
  const to = (await page.getByTestId('download-range-to').getAttribute('datetime'))!;
  const lines = Number((await page.getByTestId('download-line-count').innerText()).replace(/,/g, ''));
  return { from, to, lines };
}

async function downloadFile(page: Page): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-submit').click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

function checkNdjson(text: string, range: { from: string; to: string; lines: number }) {
  const lines = text.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l) as NdjsonLine);
  expect(lines).toHaveLength(range.lines);
  for (const line of lines) {
    expect(line.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(line.timestamp >= range.from && line.timestamp < range.to).toBe(true);
    expect(line.site).toBe('acme.atlassian.net');
  }
  return lines;
}

test('an admin previews the last 7 days, sees the personal data, and downloads them masked', async ({ page }) => {
  const modal = await openDownload(page);
  await expect(modal.getByTestId('local-time-zone')).toHaveText('UTC');
  await expect(modal.getByTestId('log-line').first()).toBeVisible();
  await expect(modal.getByTestId('log-histogram')).toBeVisible();
  const range = await summaryRange(page);
  expect(range.lines).toBeGreaterThan(0);
  await saveScreenshot(page, 'download-logs-modal');

  const file = await downloadFile(page);
  expect(file.name).toBe(`logs_timesheet-pro_acme.atlassian.net_${range.from.replace('.000Z', 'Z').replace(/:/g, '-')}_${range.to.replace('.000Z', 'Z').replace(/:/g, '-')}.ndjson`);
  const lines = checkNdjson(file.text, range);
  // Masked: nothing the detectors would flag is left, and the placeholders are there if there was anything.
  expect(lines.flatMap((l) => findPii(l.message))).toEqual([]);
  const piiLines = await modal.getByTestId('pii-summary').count();
  if (piiLines > 0) expect(lines.some((l) => /\[(email|ip|token|card|phone)\]/.test(l.message))).toBe(true);

});

test('changing the range and pressing Apply refreshes the preview; CSV downloads have a header and the same lines', async ({ page }) => {
  const modal = await openDownload(page, 'Release Radar');
  const before = await summaryRange(page);
  await pickDate(page, 'download-first-day', await browserDay(page, -1));
  await modal.getByTestId('download-apply').click();
  await expect.poll(async () => (await summaryRange(page)).from).not.toBe(before.from);
  const after = await summaryRange(page);
  expect(after.lines).toBeLessThanOrEqual(before.lines);
  expect(after.from.endsWith('T00:00:00.000Z')).toBe(true);

  await modal.getByTestId('download-mask--input').uncheck({ force: true });
  const ndjson = await downloadFile(page);
  checkNdjson(ndjson.text, after);

  await pickOption(page, 'download-format', 'CSV (spreadsheets)');
  const csv = await downloadFile(page);
  expect(csv.name.endsWith('.csv')).toBe(true);
  const rows = csv.text.trimEnd().split('\n');
  expect(rows[0]).toBe('timestamp,level,message,invocationId,traceId,module,function,appVersion,site,environment,attributes');
  expect(rows.filter((r) => /^\d{4}-\d{2}-\d{2}T/.test(r))).toHaveLength(after.lines);
});

test('a range that ends before it starts gets a clear message', async ({ page }) => {
  const modal = await openDownload(page, 'Release Radar');
  await pickDate(page, 'download-last-day', await browserDay(page, -3));
  await pickDate(page, 'download-first-day', await browserDay(page, -1));
  await modal.getByTestId('download-apply').click();
  await expect(modal.getByTestId('download-range-error')).toContainText('The last day is before the first day.');
});

test.describe('in New York', () => {
  test.use({ timezoneId: 'America/New_York' });

  test('the chosen local days become UTC instants at New York midnight', async ({ page }) => {
    const modal = await openDownload(page);
    await expect(modal.getByTestId('local-time-zone')).toHaveText('America/New_York');
    const range = await summaryRange(page);
    // Midnight in New York is 04:00 or 05:00 UTC, depending on daylight saving time.
    expect(range.from).toMatch(/T0[45]:00:00\.000Z$/);
    expect(range.to).toMatch(/T0[45]:00:00\.000Z$/);
    const file = await downloadFile(page);
    checkNdjson(file.text, range);
  });
});
