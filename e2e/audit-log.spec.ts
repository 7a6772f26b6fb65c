import { readFile } from 'node:fs/promises';
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';
import { createAuditSite } from './db';
import { pickDate, saveScreenshot, signInThroughApi, waitForApp } from './helpers';

// The Admin Hub's audit log with volume: a site of its own with 990 grant
// changes a minute apart from 31 May 2026 00:00 UTC, a vendor's session of 9
// page reads and one unmasked download: 1,000 rows, 992 entries (the session
// is one). The browser is in St. John's (UTC-02:30 in June).

const PASSWORD = 'audit-log-password';
const START = new Date('2026-05-31T00:00:00.000Z');
const GRANT_ROWS = 990;
const SESSION_READS = 9;
let audit: Awaited<ReturnType<typeof createAuditSite>>;

test.describe.configure({ mode: 'serial' });
test.use({ timezoneId: 'America/St_Johns' });

test.beforeAll(async () => {
  audit = await createAuditSite({ password: PASSWORD, rows: GRANT_ROWS, sessionReads: SESSION_READS, start: START });
});

async function openAuditLog(page: Page, query = '') {
  await signInThroughApi(page.request, audit.email, PASSWORD);
  await page.goto(`/admin/${audit.siteUrl}/audit${query}`);
  await waitForApp(page);
}

const entries = (page: Page) => page.locator('[data-testid="audit-row"], [data-testid="audit-session-row"]');

/** Desktop and phone widths; at 390 px the page itself must not scroll sideways (the table scrolls inside itself). */
async function screenshotsAtBothWidths(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await saveScreenshot(page, name);
  await page.setViewportSize({ width: 390, height: 844 });
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  await saveScreenshot(page, `${name}-narrow`);
  expect(widths.page, 'the page scrolls sideways at 390 px').toBeLessThanOrEqual(widths.viewport);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('pages through 1,000 rows, 50 entries a page, each once and newest first, with the session as one entry', async ({ page }) => {
  await openAuditLog(page);
  await expect(entries(page)).toHaveCount(50);
  await screenshotsAtBothWidths(page, 'audit-log');
  const seen: string[] = [];
  for (let pages = 1; ; pages++) {
    const times = await entries(page).locator('time').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime') ?? ''));
    seen.push(...times);
    const older = page.getByTestId('audit-older');
    if ((await older.count()) === 0) {
      expect(pages).toBe(20);
      break;
    }
    await older.click();
    await expect(page).toHaveURL(/cursor=/);
    await expect(entries(page).first().locator('time')).not.toHaveAttribute('datetime', times[0]!);
  }
  expect(seen).toHaveLength(GRANT_ROWS + 2);
  expect(new Set(seen).size).toBe(seen.length);
  expect([...seen].sort().reverse()).toEqual(seen);
  expect(seen.at(-1)).toBe(START.toISOString());
  await page.getByTestId('audit-newest').click();
  await expect(page).not.toHaveURL(/cursor=/);
});

test('expands the vendor session to each request', async ({ page }) => {
  await openAuditLog(page);
  const session = page.getByTestId('audit-session-row');
  await expect(session).toHaveCount(1);
  await expect(session.getByTestId('audit-details')).toHaveText(`Timesheet Pro · read ${(100 * 9 + 36).toLocaleString('en')} lines in 9 requests between 16:30 and 16:46 UTC`);
  await session.getByTestId('audit-session-toggle').click();
  await expect(page.getByTestId('audit-session-reads').locator('li')).toHaveCount(SESSION_READS);
  await expect(page.getByTestId('audit-session-reads').locator('li').first()).toContainText('read 108 lines');
  await saveScreenshot(page, 'audit-log-session');
});

test('filters by local days: the day in St. John’s is 02:30 to 02:30 UTC, and the URL keeps it', async ({ page }) => {
  await openAuditLog(page);
  await pickDate(page, 'audit-first-day', '2026-05-31');
  await expect(page).toHaveURL(/from=2026-05-31T02%3A30%3A00.000Z/);
  await pickDate(page, 'audit-last-day', '2026-05-31');
  await expect(page).toHaveURL(/to=2026-06-01T02%3A30%3A00.000Z/);
  await expect(page.getByTestId('audit-range')).toHaveText('31 May 2026, 02:30 UTC to 1 Jun 2026, 02:30 UTC (your days in America/St_Johns)');
  // 02:30 to 16:29 UTC on 31 May: grant rows 150 to 989.
  const shown: string[] = [];
  for (;;) {
    shown.push(...(await entries(page).locator('time').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime') ?? ''))));
    const older = page.getByTestId('audit-older');
    if ((await older.count()) === 0) break;
    await older.click();
    await expect(page).toHaveURL(/cursor=/);
    await expect(entries(page).first().locator('time')).not.toHaveAttribute('datetime', shown.at(-50)!);
  }
  expect(shown).toHaveLength(GRANT_ROWS - 150 + 2);
  expect(shown.at(-1)).toBe('2026-05-31T02:30:00.000Z');
  // The filters survive a reload: they are the URL.
  await page.reload();
  await waitForApp(page);
  await expect(page.getByTestId('audit-range')).toContainText('31 May 2026, 02:30 UTC');
  await screenshotsAtBothWidths(page, 'audit-log-filtered');
});

test('exports the filtered rows as CSV, and the export is an audit row of its own', async ({ page }) => {
  const from = '2026-05-31T00:00:00.000Z';
  const to = '2026-05-31T02:30:00.000Z';
  await openAuditLog(page, `?from=${from}&to=${to}`);
  const downloading = page.waitForEvent('download');
  await page.getByTestId('audit-export-csv').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`audit-log_${audit.siteUrl}_2026-05-31T00-00-00Z_2026-05-31T02-30-00Z.csv`);
  const text = await readFile((await download.path())!, 'utf8');
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('id,occurredAt,action,actionLabel,actor,actorUserId,app,installationId,ipAddress,userAgent,details');
  expect(lines).toHaveLength(150 + 1);
  expect(lines[1]).toContain(',2026-05-31T00:00:00.000Z,LOG_ACCESS_ENABLED,Log access enabled,');
  expect(lines.at(-1)).toContain(',2026-05-31T02:29:00.000Z,LOG_ACCESS_DISABLED,');

  await page.goto(`/admin/${audit.siteUrl}/audit?action=AUDIT_LOG_EXPORTED`);
  await expect(entries(page)).toHaveCount(1);
  await expect(entries(page).first().getByTestId('audit-details')).toHaveText(
    'exported the audit log: 150 rows as CSV · filters: from 31 May 2026, 00:00 UTC, to 31 May 2026, 02:30 UTC',
  );
});

test('a download shows its receipt: SHA-256 with a copy button, range, format, and "not masked" in words', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openAuditLog(page, '?action=LOGS_DOWNLOADED');
  const receipt = page.getByTestId('audit-receipt');
  await expect(receipt.getByTestId('audit-receipt-sha256')).toHaveText(audit.sha256);
  await expect(receipt).toContainText('1 Jun 2026, 00:00 UTC to 8 Jun 2026, 00:00 UTC');
  await expect(receipt).toContainText('CSV');
  await expect(receipt.getByTestId('audit-receipt-masked')).toHaveText('not masked');
  await receipt.getByTestId('audit-receipt-copy').click();
  await expect(receipt.getByTestId('audit-receipt-copy')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(audit.sha256);
  await screenshotsAtBothWidths(page, 'audit-log-receipt');
});

// The audit routes for every kind of caller, on acme.atlassian.net (Timesheet Pro of Lumen and Release Radar of Globex are installed there).
test.describe('who may read a site’s audit log', () => {
  type Identity = 'orgAdmin' | 'otherSiteAdmin' | 'otherOrgAdmin' | 'installedVendor' | 'signedOut';
  const emails: Record<Exclude<Identity, 'signedOut'>, string> = {
    orgAdmin: 'admin@acme.example',
    otherSiteAdmin: 'siteadmin@acme.example',
    otherOrgAdmin: 'admin@initech.example',
    installedVendor: 'dev@lumen.example',
  };
  const expected: Record<Identity, number> = { orgAdmin: 200, otherSiteAdmin: 404, otherOrgAdmin: 404, installedVendor: 403, signedOut: 401 };
  const clients = {} as Record<Identity, APIRequestContext>;
  let siteId: string;

  test.beforeAll(async ({ baseURL }) => {
    for (const identity of Object.keys(emails) as (keyof typeof emails)[]) {
      clients[identity] = await playwrightRequest.newContext({ baseURL });
      await signInThroughApi(clients[identity], emails[identity]);
    }
    clients.signedOut = await playwrightRequest.newContext({ baseURL });
    const { installations } = (await (await clients.orgAdmin.get('/api/v1/installations')).json()) as { installations: { site: { id: string; url: string } }[] };
    siteId = installations.find((i) => i.site.url === 'acme.atlassian.net')!.site.id;
  });
  test.afterAll(async () => {
    await Promise.all(Object.values(clients).map((c) => c.dispose()));
  });

  for (const identity of Object.keys(expected) as Identity[]) {
    test(`${identity}: ${expected[identity]} on the list, a session and the export`, async () => {
      const client = clients[identity];
      const base = `/api/v1/sites/${siteId}/audit-events`;
      expect((await client.get(`${base}?limit=5`)).status()).toBe(expected[identity]);
      // The export writes an audit row on acme: only callers who are refused are sent there.
      if (identity !== 'orgAdmin') expect((await client.get(`${base}/export?format=csv`)).status()).toBe(expected[identity]);
      expect((await client.get(`${base}/1/session`)).status()).toBe(identity === 'orgAdmin' ? 404 : expected[identity]);
    });
  }

  test('an API token never reads an audit log: it acts as a vendor member only', async () => {
    const created = await clients.installedVendor.post('/api/v1/api-tokens', { data: { name: 'audit-probe' } });
    const { secret } = (await created.json()) as { secret: string };
    const response = await clients.signedOut.get(`/api/v1/sites/${siteId}/audit-events`, { headers: { authorization: `Bearer ${secret}` } });
    expect(response.status()).toBe(401);
  });

  test('the JSON API pages with a cursor and groups sessions on request; bad input is a clear 400', async () => {
    const client = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
    await signInThroughApi(client, audit.email, PASSWORD);
    const base = `/api/v1/sites/${audit.siteId}/audit-events`;
    const first = (await (await client.get(`${base}?limit=3&action=VENDOR_LOGS_READ`)).json()) as { events: { id: string; occurredAt: string }[]; nextCursor: string };
    expect(first.events).toHaveLength(3);
    const second = (await (await client.get(`${base}?limit=3&action=VENDOR_LOGS_READ&cursor=${first.nextCursor}`)).json()) as { events: { occurredAt: string }[] };
    expect(second.events[0]!.occurredAt < first.events[2]!.occurredAt).toBe(true);
    const grouped = (await (await client.get(`${base}?action=VENDOR_LOGS_READ&group=sessions`)).json()) as { events: { session: { reads: number } }[]; nextCursor: null };
    expect(grouped.events.map((e) => e.session.reads)).toEqual([SESSION_READS]);
    for (const [query, message] of [
      ['limit=500', /limit/],
      ['from=2026-06-01', /ISO-8601/],
      ['action=NOPE', /action/],
      ['cursor=abc', /cursor/],
      [`q=${'x'.repeat(101)}`, /q must be at most 100/],
    ] as const) {
      const response = await client.get(`${base}?${query}`);
      expect(response.status(), query).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message, query).toMatch(message);
    }
    await client.dispose();
  });
});
