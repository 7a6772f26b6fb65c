import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';
import { browserDay, pickOption, saveScreenshot, signInThroughApi } from './helpers';

// Access requests, end to end. The flow uses Release Radar (Globex) on
// Initech's initech.atlassian.net: its vendor dev@globex.example asks,
// admin@initech.example decides. The API checks use Release Radar on
// acme-eu.atlassian.net (decided by its site admin). No other test touches
// either. Timesheet Pro on lumen.atlassian.net is only asked for by
// owner@lumen.example, who administers that site and is refused (403).

type Installation = { id: string; app: { name: string }; site: { id: string; url: string }; environment: string };
type AccessRequest = { id: string; status: string; decidedBy: string | null; decisionNote: string | null; reason: string; reasonCode: string; ticketReference: string | null };
type Email = { to: string; subject: string; body: string; sentAt: string | null };

/** Picks a future day (YYYY-MM-DD) in an Atlaskit DatePicker through its calendar. */
async function pickFutureDay(page: Page, testId: string, day: string) {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const noon = new Date(Date.UTC(year, month - 1, date, 12));
  const monthName = noon.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
  const weekday = noon.toLocaleString('en-US', { weekday: 'long', timeZone: 'UTC' });
  await page.getByTestId(`${testId}--container`).click();
  const calendar = page.getByTestId(`${testId}--calendar--container`);
  const cell = calendar.locator(`[aria-label="${date}, ${weekday} ${monthName} ${year}"]:not([data-sibling])`);
  for (let i = 0; i < 2 && !(await cell.isVisible()); i++) await page.getByTestId(`${testId}--calendar--next-month`).click();
  await cell.click();
}

test('a vendor asks for access, the site’s admin is told, approves, and the vendor sees the logs shared', async ({ page }) => {
  const reason = `Release notes stopped publishing for this site (run ${Date.now().toString(36)}); we need the logs to find out why.`;

  await signInThroughApi(page.request, 'dev@globex.example');
  await page.goto('/console');
  await page.getByTestId('side-menu').getByText('Release Radar').click();
  await expect(page.getByRole('heading', { name: 'Release Radar' })).toBeVisible();
  const row = page.getByTestId('app-installation-row').filter({ hasText: 'initech.atlassian.net' });
  const modal = page.getByTestId('request-access-modal');
  // A click that lands before the page has hydrated does nothing; click again until the modal opens.
  await expect(async () => {
    await row.getByRole('button', { name: 'Request access' }).click();
    await expect(modal).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await expect(modal).toContainText('Request access to Release Radar');
  await modal.getByRole('button', { name: 'Request access' }).click();
  await expect(modal.getByTestId('access-reason-note')).toContainText('Reason must be at least 10 characters.');
  await expect(modal).toContainText('Choose the kind of reason.');
  // A customer-reported problem names the customer's ticket.
  await pickOption(page, 'access-reason-code', 'Customer-reported problem');
  await modal.getByRole('button', { name: 'Request access' }).click();
  await expect(modal).toContainText("Name the customer's ticket");
  await modal.getByTestId('access-ticket').fill('SUP-4821');
  await modal.getByTestId('access-reason').fill(reason);
  await pickFutureDay(page, 'request-until', await browserDay(page, 14));
  await expect(modal.getByTestId('request-until-note')).toContainText('Access would end at the end of');
  await saveScreenshot(page, 'request-access-modal');
  await modal.getByRole('button', { name: 'Request access' }).click();
  await expect(page.getByTestId('access-request-flag')).toContainText('Access requested');
  await expect(modal).toBeHidden();
  await expect(row).toContainText('Access requested');
  await expect(row.getByRole('button', { name: 'Withdraw request' })).toBeVisible();

  // The site's admin: a banner on Connected apps, the e-mail, the request.
  await signInThroughApi(page.request, 'admin@initech.example');
  await page.goto('/admin/initech.atlassian.net/apps');
  const banner = page.getByTestId('access-requests-banner');
  await expect(banner).toContainText("1 vendor asks for access to their app's logs");
  await saveScreenshot(page, 'admin-hub-access-requests-banner');

  const outbox = await page.request.get('/api/v1/dev/outbox?to=admin@initech.example');
  expect(outbox.status()).toBe(200);
  const { emails } = (await outbox.json()) as { emails: Email[] };
  const email = emails.find((e) => e.body.includes(reason));
  expect(email).toBeTruthy();
  expect(email!.subject).toBe("Globex asks for access to Release Radar's logs on initech.atlassian.net");
  expect(email!.body).toContain('Gale Moreno (dev@globex.example) of Globex');
  expect(email!.body).toContain('Their reason: Customer-reported problem (ticket SUP-4821)');
  expect(email!.body).toMatch(/http:\/\/[^\s]+\/admin\/initech\.atlassian\.net\/requests/);

  await banner.getByRole('link', { name: 'Review access requests' }).click();
  await expect(page).toHaveURL(/\/admin\/initech\.atlassian\.net\/requests$/);
  await expect(page.getByTestId('menu-access-requests')).toBeVisible();
  const pending = page.getByTestId('pending-request-row').filter({ hasText: reason });
  await expect(pending).toContainText('Gale Moreno (dev@globex.example)');
  await expect(pending.getByTestId('request-justification')).toHaveText('Customer-reported problem (ticket SUP-4821)');
  await saveScreenshot(page, 'admin-hub-access-requests');

  await pending.getByRole('button', { name: 'Approve' }).click();
  const approve = page.getByTestId('approve-access-request-modal');
  await expect(approve).toContainText('Approve access for Globex?');
  await expect(approve.getByTestId('approve-until-note')).toContainText('Access would end at the end of');
  await expect(approve).toHaveCSS('opacity', '1'); // the screenshot waits for the fade-in
  await saveScreenshot(page, 'approve-access-request-modal');
  await approve.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(page.getByTestId('access-decision-flag')).toContainText('Access approved');
  const decided = page.getByTestId('decided-request-row').filter({ hasText: reason });
  await expect(decided).toContainText('Request approved');
  await expect(decided).toContainText('Ivy Ingram (admin@initech.example)');
  await page.getByTestId('menu-audit-log').click();
  const audit = page.getByTestId('audit-log--table');
  await expect(audit).toContainText('Access request approved');
  await expect(audit).toContainText('Release Radar · until');
  await expect(audit).toContainText('on request of the vendor');
  await expect(audit).toContainText(reason);
  await page.goto('/admin/initech.atlassian.net/apps');
  await expect(page.getByTestId('access-requests-banner')).toHaveCount(0);

  // Back in the console: shared, until the requested day.
  await signInThroughApi(page.request, 'dev@globex.example');
  await page.goto('/console');
  await page.getByTestId('side-menu').getByText('Release Radar').click();
  await expect(row).toContainText('Shared until');
  await expect(row).toContainText('Request approved');
  await expect(row.getByRole('button', { name: 'Request access' })).toHaveCount(0);
  await saveScreenshot(page, 'developer-console-access-approved');

  // What the vendor reads under the grant is recorded with the request's justification.
  const range = `from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date().toISOString()}`;
  const appId = page.url().match(/\/console\/apps\/([^/?#]+)/)![1];
  expect((await page.request.get(`/api/v1/apps/${appId}/logs?${range}&site=initech.atlassian.net`)).status()).toBe(200);
  await signInThroughApi(page.request, 'admin@initech.example');
  await page.goto('/admin/initech.atlassian.net/audit');
  await expect(page.getByTestId('audit-log--table')).toContainText('under a request: Customer-reported problem (ticket SUP-4821)');
});

test.describe('the access-request API for every demo identity', () => {
  test.describe.configure({ mode: 'serial' });

  const emails = {
    vendor: 'dev@globex.example',
    siteAdmin: 'siteadmin@acme.example',
    otherOrgAdmin: 'admin@initech.example',
    otherVendor: 'dev@lumen.example',
    vendorAndSiteAdmin: 'owner@lumen.example',
  };
  const clients = {} as Record<keyof typeof emails | 'signedOut', APIRequestContext>;
  let target: Installation;
  let lumenStaging: Installation;
  let freeApp: Installation;
  let requestId: string;

  test.beforeAll(async ({ baseURL }) => {
    for (const [who, email] of Object.entries(emails) as [keyof typeof emails, string][]) {
      clients[who] = await playwrightRequest.newContext({ baseURL });
      await signInThroughApi(clients[who], email);
    }
    clients.signedOut = await playwrightRequest.newContext({ baseURL });
    const list = async (who: keyof typeof emails) =>
      ((await (await clients[who].get('/api/v1/installations')).json()) as { installations: Installation[] }).installations;
    target = (await list('vendor')).find((i) => i.app.name === 'Release Radar' && i.site.url === 'acme-eu.atlassian.net')!;
    const lumen = await list('otherVendor');
    lumenStaging = lumen.find((i) => i.app.name === 'Timesheet Pro' && i.site.url === 'lumen.atlassian.net' && i.environment === 'STAGING')!;
    freeApp = lumen.find((i) => i.app.name === 'Quick Notes' && i.site.url === 'lumen.atlassian.net')!;
    expect(target).toBeTruthy();
    expect(lumenStaging).toBeTruthy();
    expect(freeApp).toBeTruthy();
  });

  test.afterAll(async () => {
    await Promise.all(Object.values(clients).map((c) => c.dispose()));
  });

  const body = { reason: 'Users report timeouts in the approvals view since yesterday.' };

  test('POST: 401 signed out, 404 for strangers, 403 for the site’s admin, 201 then 409 for the vendor, 422 for free apps', async () => {
    const url = `/api/v1/installations/${target.id}/access-requests`;
    expect((await clients.signedOut.post(url, { data: body })).status()).toBe(401);
    expect((await clients.otherOrgAdmin.post(url, { data: body })).status()).toBe(404);
    expect((await clients.otherVendor.post(url, { data: body })).status()).toBe(404);
    expect((await clients.siteAdmin.post(url, { data: body })).status()).toBe(403);
    // Owner of the vendor and admin of the site: acts as the admin, who can simply enable it.
    const asAdmin = await clients.vendorAndSiteAdmin.post(`/api/v1/installations/${lumenStaging.id}/access-requests`, { data: body });
    expect(asAdmin.status()).toBe(403);
    expect(((await asAdmin.json()) as { error: { message: string } }).error.message).toContain('enable log access yourself');
    expect((await clients.otherVendor.post(`/api/v1/installations/${freeApp.id}/access-requests`, { data: body })).status()).toBe(422);

    expect((await clients.vendor.post(url, { data: { reason: 'too short' } })).status()).toBe(400);
    expect((await clients.vendor.post(url, { data: { ...body, expiresAt: '2030-01-01T00:00:00' } })).status()).toBe(400);
    expect((await clients.vendor.post(url, { data: { ...body, reasonCode: 'because' } })).status()).toBe(400);
    const noTicket = await clients.vendor.post(url, { data: { ...body, reasonCode: 'customer_reported' } });
    expect(noTicket.status()).toBe(400);
    expect(((await noTicket.json()) as { error: { message: string } }).error.message).toContain('ticketReference is required for a customer-reported problem');
    const created = await clients.vendor.post(url, { data: { ...body, reasonCode: 'vendor_detected', expiresAt: '2099-01-01T00:00:00Z' } });
    expect(created.status()).toBe(201);
    const request = (await created.json()) as AccessRequest;
    expect(request).toMatchObject({ status: 'pending', reason: body.reason, reasonCode: 'vendor_detected', ticketReference: null });
    requestId = request.id;

    const second = await clients.vendor.post(url, { data: body });
    expect(second.status()).toBe(409);
    expect(((await second.json()) as { error: { message: string } }).error.message).toContain('already waiting');
  });

  test('GET: the vendor and the site’s admins see the requests, others get 404', async () => {
    const url = `/api/v1/installations/${target.id}/access-requests`;
    expect((await clients.vendor.get(url)).status()).toBe(200);
    expect((await clients.siteAdmin.get(url)).status()).toBe(200);
    expect((await clients.otherVendor.get(url)).status()).toBe(404);
    expect((await clients.signedOut.get(url)).status()).toBe(401);

    const siteUrl = `/api/v1/sites/${target.site.id}/access-requests?status=pending`;
    const site = await clients.siteAdmin.get(siteUrl);
    expect(site.status()).toBe(200);
    const { accessRequests } = (await site.json()) as { accessRequests: AccessRequest[] };
    expect(accessRequests.map((r) => r.id)).toContain(requestId);
    expect((await clients.vendor.get(siteUrl)).status()).toBe(404);
    expect((await clients.otherOrgAdmin.get(siteUrl)).status()).toBe(404);
    expect((await clients.siteAdmin.get(`/api/v1/sites/${target.site.id}/access-requests?status=open`)).status()).toBe(400);
  });

  test('deciding: the vendor cannot (403); decline needs a note; deciding twice is 409', async () => {
    const base = `/api/v1/access-requests/${requestId}`;
    expect((await clients.vendor.post(`${base}/approve`, { data: {} })).status()).toBe(403);
    expect((await clients.otherVendor.post(`${base}/approve`, { data: {} })).status()).toBe(404);
    expect((await clients.otherOrgAdmin.post(`${base}/decline`, { data: { note: 'No' } })).status()).toBe(404);
    expect((await clients.siteAdmin.post(`${base}/decline`, { data: {} })).status()).toBe(400);
    const declined = await clients.siteAdmin.post(`${base}/decline`, { data: { note: 'Not before the EU data review is done.' } });
    expect(declined.status()).toBe(200);
    expect(await declined.json()).toMatchObject({ status: 'declined', decisionNote: 'Not before the EU data review is done.', decidedBy: 'Sasha Sato (siteadmin@acme.example)' });
    expect((await clients.siteAdmin.post(`${base}/decline`, { data: { note: 'Again' } })).status()).toBe(409);
    expect((await clients.siteAdmin.post(`${base}/approve`, { data: {} })).status()).toBe(409);
    expect((await clients.vendor.post(`${base}/withdraw`)).status()).toBe(409);

    // The vendor reads the note, not who wrote it.
    const { accessRequests } = (await (await clients.vendor.get(`/api/v1/installations/${target.id}/access-requests`)).json()) as {
      accessRequests: AccessRequest[];
    };
    expect(accessRequests.find((r) => r.id === requestId)).toMatchObject({ status: 'declined', decidedBy: null });
  });

  test('a site admin declines in the Admin Hub with a note, which the vendor reads in the console', async ({ page }) => {
    const reason = 'Releases show up twice in the calendar since 2.9.3, we need to see why.';
    expect((await clients.vendor.post(`/api/v1/installations/${target.id}/access-requests`, { data: { reason } })).status()).toBe(201);
    await signInThroughApi(page.request, 'siteadmin@acme.example');
    await page.goto('/admin/acme-eu.atlassian.net/requests');
    await page.getByTestId('pending-request-row').filter({ hasText: reason }).getByRole('button', { name: 'Decline' }).click();
    const modal = page.getByTestId('decline-access-request-modal');
    await modal.getByRole('button', { name: 'Decline', exact: true }).click();
    await expect(modal.getByTestId('decline-note-note')).toContainText('Note is required');
    await modal.getByTestId('decline-note').fill('Please ask again after the EU data review in January.');
    await expect(modal).toHaveCSS('opacity', '1');
    await saveScreenshot(page, 'decline-access-request-modal');
    await modal.getByRole('button', { name: 'Decline', exact: true }).click();
    await expect(page.getByTestId('access-decision-flag')).toContainText('Request declined');
    await expect(page.getByTestId('decided-request-row').filter({ hasText: reason })).toContainText('Request declined');

    await signInThroughApi(page.request, 'dev@globex.example');
    await page.goto('/console');
    await page.getByTestId('side-menu').getByText('Release Radar').click();
    const row = page.getByTestId('app-installation-row').filter({ hasText: 'acme-eu.atlassian.net' });
    await expect(row.getByTestId('access-request-note')).toHaveText('“Please ask again after the EU data review in January.”');
    await expect(row.getByRole('button', { name: 'Request access' })).toBeVisible();
  });

  test('the dev outbox: for anyone signed in, only their own mail', async () => {
    expect((await clients.signedOut.get('/api/v1/dev/outbox')).status()).toBe(401);
    expect((await clients.vendor.get('/api/v1/dev/outbox')).status()).toBe(200);
    expect((await clients.vendor.get('/api/v1/dev/outbox?to=admin@acme.example')).status()).toBe(403);
    expect((await clients.siteAdmin.get('/api/v1/dev/outbox?to=admin@acme.example')).status()).toBe(403);
    const own = await clients.siteAdmin.get('/api/v1/dev/outbox');
    expect(own.status()).toBe(200);
    const { emails: mails } = (await own.json()) as { emails: Email[] };
    expect(mails.some((m) => m.body.includes(body.reason))).toBe(true);
    expect(mails.every((m) => m.to === 'siteadmin@acme.example')).toBe(true);
  });
});
