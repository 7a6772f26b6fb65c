import AxeBuilder from '@axe-core/playwright';
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';
import { countVendorReads, createSiteWithApp, createUser, reachGrantEnd } from './db';
import { browserDay, pickDate, pickOption, saveScreenshot, signInThroughApi } from './helpers';

// Notices around a grant's end, on Bulk Importer (Vandelay Industries, paid;
// no demo person belongs to Vandelay). Each test makes its own site, site
// admin and developer, so no other test sees its grants, requests or e-mails.

type Email = { to: string; subject: string; body: string };
type Installation = { id: string; app: { id: string; name: string }; site: { url: string } };

const APP = 'Bulk Importer';
const VENDOR = 'Vandelay Industries';
const PASSWORD = 'grant-notices-pw-1';

async function signedIn(baseURL: string | undefined, email: string): Promise<APIRequestContext> {
  const client = await playwrightRequest.newContext({ baseURL });
  await signInThroughApi(client, email, PASSWORD);
  return client;
}

async function outbox(client: APIRequestContext): Promise<Email[]> {
  const answer = await client.get('/api/v1/dev/outbox');
  expect(answer.status()).toBe(200);
  return ((await answer.json()) as { emails: Email[] }).emails;
}

async function installationFor(client: APIRequestContext, installationId: string): Promise<Installation> {
  const { installations } = (await (await client.get('/api/v1/installations')).json()) as { installations: Installation[] };
  return installations.find((i) => i.id === installationId)!;
}

/** No serious or critical axe violation on the screen as it is (as e2e/accessibility.spec.ts checks every other screen). */
async function expectAccessible(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
  expect(serious, `serious or critical accessibility violations on ${screen}`).toEqual([]);
}

async function atPhoneWidth(page: Page, name: string) {
  const desktop = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, name);
  if (desktop) await page.setViewportSize(desktop);
}

test('a grant reaching its end sends the site’s admin a summary of what the vendor read under it', async ({ page, baseURL }) => {
  const site = await createSiteWithApp({ appName: APP, password: PASSWORD, tag: 'summary' });
  const { email: developer } = await createUser({ name: 'Vera Vandelay', password: PASSWORD, vendorSlug: 'vandelay' });
  const admin = await signedIn(baseURL, site.adminEmail);
  const dev = await signedIn(baseURL, developer);
  try {
    const enabled = await admin.put(`/api/v1/installations/${site.installationId}/log-access`, {
      data: { enabled: true, expiresAt: new Date(Date.now() + 2 * 86_400_000).toISOString() },
    });
    expect(enabled.status()).toBe(200);

    // The app sends 30 lines; the vendor reads a page of them and exports them, masked, as CSV.
    const { app } = await installationFor(dev, site.installationId);
    const created = await dev.post(`/api/v1/apps/${app.id}/ingest-tokens`, { data: { name: `notices ${site.siteUrl}`, environment: 'PRODUCTION' } });
    expect(created.status()).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    const sender = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
    const start = Date.now() - 10 * 60_000;
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ siteUrl: site.siteUrl, timestamp: new Date(start + i * 1000).toISOString(), level: 'info', message: `import batch ${i} done for ops@example.com` }));
    const sent = await sender.post('/api/v1/ingest', { headers: { 'content-type': 'application/x-ndjson' }, data: lines.join('\n') });
    expect(await sent.json()).toMatchObject({ accepted: 30 });
    await sender.dispose();

    const range = `from=${new Date(start - 60_000).toISOString()}&to=${new Date().toISOString()}&site=${site.siteUrl}`;
    const read = await dev.get(`/api/v1/apps/${app.id}/logs?${range}&limit=50`);
    expect(((await read.json()) as { lines: unknown[] }).lines).toHaveLength(30);
    const exported = await dev.get(`/api/v1/apps/${app.id}/logs/export?${range}&format=csv&mask=true`);
    expect(exported.status()).toBe(200);
    expect(await exported.text()).toContain('[email]');
    // The export's audit row is written once the file has been sent.
    await expect.poll(() => countVendorReads(site.installationId)).toBe(2);

    await reachGrantEnd(site.installationId);
    // The audit log settles the site's expired grants before listing them: the expiry and the summary are in it.
    await signInThroughApi(page.request, site.adminEmail, PASSWORD);
    await page.goto(`/admin/${site.siteUrl}/audit`);
    const audit = page.getByTestId('audit-log--table');
    await expect(audit).toContainText('Summary of vendor reads sent');
    await expect(audit).toContainText(`${APP} · 2 reads, 60 lines served, 1 export · sent to 1 admin`);
    await expect(audit).toContainText('Log access expired');
    await saveScreenshot(page, 'grant-summary-audit-log');

    const emails = await outbox(admin);
    const summary = emails.find((e) => e.subject === `${VENDOR}'s access to ${APP}'s logs on ${site.siteUrl} ended: what they read`);
    expect(summary).toBeTruthy();
    expect(summary!.body).toContain('its end date passed');
    expect(summary!.body).toContain('- 2 reads: 1 export, 1 viewer page');
    expect(summary!.body).toContain('- 60 lines served');
    expect(summary!.body).toContain('- by Vera Vandelay');
    expect(summary!.body).toMatch(/- exports:\n {4}.+ by Vera Vandelay \(e2e-[0-9a-f]+@people\.example\): .+, CSV, masked, 30 lines/);
    expect(summary!.body).toContain(`/admin/${site.siteUrl}/audit?from=`);
    // Exactly once, however often the expiry is settled again.
    await page.reload();
    await expect(audit).toContainText('Summary of vendor reads sent');
    expect((await outbox(admin)).filter((e) => e.subject === summary!.subject)).toHaveLength(1);
  } finally {
    await Promise.all([admin.dispose(), dev.dispose()]);
  }
});

test('a vendor asks for more time from the console and the site’s admin approves it in the Admin Hub', async ({ page, baseURL }) => {
  const site = await createSiteWithApp({ appName: APP, password: PASSWORD, tag: 'extend' });
  const { email: developer } = await createUser({ name: 'Vince Vandelay', password: PASSWORD, vendorSlug: 'vandelay' });
  const admin = await signedIn(baseURL, site.adminEmail);
  try {
    const endsAt = new Date(Date.now() + 2 * 86_400_000);
    expect((await admin.put(`/api/v1/installations/${site.installationId}/log-access`, { data: { enabled: true, expiresAt: endsAt.toISOString() } })).status()).toBe(200);

    await signInThroughApi(page.request, developer, PASSWORD);
    const { app } = await installationFor(page.request, site.installationId);
    await page.goto(`/console/apps/${app.id}`);
    const row = page.getByTestId('app-installation-row').filter({ hasText: site.siteUrl });
    await expect(row).toContainText('Shared until');
    const modal = page.getByTestId('request-access-modal');
    // A click that lands before the page has hydrated does nothing; click again until the modal opens.
    await expect(async () => {
      await row.getByRole('button', { name: 'Ask for more time' }).click();
      await expect(modal).toBeVisible({ timeout: 1_000 });
    }).toPass();
    await expect(modal).toContainText(`Ask for more time with ${APP}'s logs`);
    await modal.getByRole('button', { name: 'Ask for more time' }).click();
    await expect(modal).toContainText('Choose the new end date.');
    await pickOption(page, 'access-reason-code', 'Vendor-detected incident');
    await modal.getByTestId('access-reason').fill('Imports still fail for this site now and then; we need a week more of logs.');
    await pickDate(page, 'request-until', await browserDay(page, 9));
    await expect(modal.getByTestId('request-until-note')).toContainText('Access would end at the end of');
    await expect(modal).toHaveCSS('opacity', '1');
    await saveScreenshot(page, 'console-ask-for-more-time');
    await expectAccessible(page, 'Ask for more time');
    await atPhoneWidth(page, 'console-ask-for-more-time-390');
    await modal.getByRole('button', { name: 'Ask for more time' }).click();
    await expect(page.getByTestId('access-request-flag')).toContainText('More time requested');
    await expect(row).toContainText('More time');
    await expect(row.getByRole('button', { name: 'Withdraw request' })).toBeVisible();
    await saveScreenshot(page, 'console-more-time-requested');

    // The admin: the e-mail, the request naming the grant it extends, the approval.
    const asked = (await outbox(admin)).find((e) => e.subject === `${VENDOR} asks for more time with ${APP}'s logs on ${site.siteUrl}`);
    expect(asked?.body).toContain('asks to extend their access');
    await signInThroughApi(page.request, site.adminEmail, PASSWORD);
    await page.goto(`/admin/${site.siteUrl}/requests`);
    const pending = page.getByTestId('pending-request-row').filter({ hasText: APP });
    await expect(pending.getByTestId('request-extends')).toContainText('Extension of the grant ending');
    await saveScreenshot(page, 'admin-hub-extension-request');
    await expectAccessible(page, 'Access requests with an extension');
    await atPhoneWidth(page, 'admin-hub-extension-request-390');
    await pending.getByRole('button', { name: 'Approve' }).click();
    const approve = page.getByTestId('approve-access-request-modal');
    await expect(approve).toContainText(`Give ${VENDOR} more time?`);
    await expect(approve.getByTestId('approve-extension-note')).toContainText('it stays the same grant');
    await expect(approve).toHaveCSS('opacity', '1');
    await saveScreenshot(page, 'approve-extension-modal');
    await expectAccessible(page, 'Give more time?');
    await atPhoneWidth(page, 'approve-extension-modal-390');
    await approve.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(page.getByTestId('access-decision-flag')).toContainText('Access approved');
    await expect(page.getByTestId('decided-request-row').filter({ hasText: APP })).toContainText('Request approved');

    // One grant, its end moved; the history says so.
    const access = (await (await admin.get(`/api/v1/installations/${site.installationId}/log-access`)).json()) as { logAccess: { until: string }; history: unknown[] };
    expect(access.history).toHaveLength(1);
    expect(new Date(access.logAccess.until).getTime()).toBeGreaterThan(endsAt.getTime() + 5 * 86_400_000);
    await page.goto(`/admin/${site.siteUrl}/audit`);
    await expect(page.getByTestId('audit-log--table')).toContainText('extended until');
    await expect(page.getByTestId('audit-log--table')).toContainText('more time on the grant ending');
  } finally {
    await admin.dispose();
  }
});
