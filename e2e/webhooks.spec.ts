import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createWebhookOrganization } from './db';
import { openAppDetails, saveScreenshot, signInThroughApi, waitForApp } from './helpers';

// An organization admin feeds a SIEM: the SIEM is a node:http server in this
// test process on 127.0.0.1 (the portal under test allows loopback endpoints:
// WEBHOOK_ALLOW_LOOPBACK=1, set by scripts/test.ts, which also makes retries
// come within a second). The organization is the test's own, so only its
// events arrive.

const PASSWORD = 'webhooks-e2e-password';
// Two sign-ins, five screens and two axe runs: about 30 s alone, more beside the other specs on a 2-core machine.
test.describe.configure({ timeout: 120_000 });

type Received = { headers: IncomingHttpHeaders; body: string; event: { id: string; type: string; site: { url: string } | null; app: { name: string } | null } };

/** The receiver: keeps every request; answers 500 to the first event of each type in `failFirst`, 200 otherwise. */
async function startReceiver(failFirst: string[]) {
  const received: Received[] = [];
  const pendingFailures = new Set(failFirst);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const event = JSON.parse(body) as Received['event'];
      received.push({ headers: req.headers, body, event });
      const fail = pendingFailures.delete(event.type);
      res.writeHead(fail ? 500 : 200, { 'content-type': 'text/plain' }).end(fail ? 'SIEM is warming up' : 'stored');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/siem/logshare`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A receiver's check, as README "Webhooks" shows it: HMAC-SHA256 of `${t}.${body}` with the secret, and a recent t. */
function hasValidSignature(request: Received, secret: string): boolean {
  const header = String(request.headers['logshare-signature'] ?? '');
  const t = /(?:^|,)t=(\d+)/.exec(header)?.[1];
  const v1 = /(?:^|,)v1=([0-9a-f]{64})/.exec(header)?.[1];
  if (!t || !v1 || Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${request.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

/** No serious or critical axe violation (e2e/accessibility.spec.ts checks the empty screen). */
async function expectAccessible(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `serious or critical accessibility violations on ${screen}`).toEqual([]);
}

async function openWebhooks(page: Page, siteUrl: string) {
  await page.goto(`/admin/${siteUrl}/webhooks`);
  await waitForApp(page);
}

test('an organization admin adds an endpoint that receives signed events, and a failed delivery is retried', async ({ page }) => {
  const org = await createWebhookOrganization({ password: PASSWORD });
  const receiver = await startReceiver(['grant.enabled']);
  try {
    await signInThroughApi(page.request, org.adminEmail, PASSWORD);
    await openWebhooks(page, org.siteUrl);
    await expect(page.getByRole('region', { name: 'Endpoints' })).toContainText('No endpoints yet.');

    // Bad input is refused in the form, before anything is sent.
    await page.getByTestId('webhook-add').click();
    const modal = page.getByTestId('webhook-endpoint-modal');
    await modal.getByTestId('webhook-url').fill('http://siem.example.com/in');
    await modal.getByTestId('webhook-save').click();
    await expect(modal.getByTestId('webhook-url-error')).toContainText('https://');

    await modal.getByTestId('webhook-url').fill(receiver.url);
    await expect(modal.getByTestId('webhook-kind-grant.enabled')).toBeChecked();
    await saveScreenshot(page, 'webhooks-add-endpoint');
    await expectAccessible(page, 'the Add endpoint dialog');
    await modal.getByTestId('webhook-save').click();
    await expect(modal).toBeHidden();
    const secret = (await page.getByTestId('webhook-secret-secret').innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    const row = page.getByTestId('webhook-row');
    await expect(row).toContainText(receiver.url);
    await expect(row).toContainText('Enabled');

    // Send test event: delivered at once, signed with the secret shown once.
    await row.getByTestId('webhook-send-test').click();
    await expect(page.getByTestId('webhook-test-flag')).toContainText('Test event delivered');
    const test = receiver.received.find((r) => r.event.type === 'webhook.test');
    expect(test).toBeDefined();
    expect(hasValidSignature(test!, secret)).toBe(true);
    expect(hasValidSignature(test!, `${secret}-wrong`)).toBe(false);
    expect(test!.headers['logshare-event-id']).toBe(test!.event.id);

    // Sharing logs is an event: the receiver fails it once, the outbox retries it with the same id.
    await openAppDetails(page, org.siteUrl, 'Release Radar');
    await page.getByRole('button', { name: 'Enable log access' }).click();
    await page.getByTestId('enable-log-access-modal').getByRole('button', { name: 'Enable', exact: true }).click();
    await expect(page.getByTestId('log-access-flag')).toContainText('Log access enabled');
    const grantEvents = () => receiver.received.filter((r) => r.event.type === 'grant.enabled');
    await expect.poll(() => grantEvents().length).toBe(2);
    const [failed, retried] = grantEvents();
    expect(retried!.event.id).toBe(failed!.event.id);
    expect(retried!.body).toBe(failed!.body);
    expect(retried!.event).toMatchObject({ site: { url: org.siteUrl }, app: { name: 'Release Radar' } });
    for (const attempt of [failed!, retried!]) expect(hasValidSignature(attempt, secret)).toBe(true);

    // The delivery log shows the retried delivery as delivered after two attempts.
    await openWebhooks(page, org.siteUrl);
    const delivery = page.getByTestId('webhook-delivery-row').filter({ hasText: 'grant.enabled' });
    await expect(async () => {
      await page.getByTestId('webhook-deliveries-newest').click();
      await expect(delivery.getByTestId('webhook-delivery-state')).toHaveAttribute('data-state', 'delivered', { timeout: 1_000 });
    }).toPass();
    await expect(delivery.getByTestId('webhook-delivery-attempts')).toHaveText('2');
    await expect(delivery.getByTestId('webhook-delivery-status')).toHaveText('200');
    await expect(page.getByTestId('webhook-delivery-row').filter({ hasText: 'webhook.test' })).toContainText('Delivered');
    await saveScreenshot(page, 'webhooks');
    await expectAccessible(page, 'Webhooks with an endpoint and its deliveries');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(page, 'webhooks-390');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 720 });

    // The site admin sees the endpoint and its log, without the buttons that change them.
    await signInThroughApi(page.request, org.siteAdminEmail, PASSWORD);
    await openWebhooks(page, org.siteUrl);
    await expect(page.getByTestId('webhooks-read-only')).toBeVisible();
    await expect(page.getByTestId('webhook-row')).toContainText(receiver.url);
    await expect(page.getByTestId('webhook-add')).toHaveCount(0);
    await expect(page.getByTestId('webhook-send-test')).toHaveCount(0);

    // The organization admin narrows the events, then deletes the endpoint after a confirmation; the audit log has the whole story.
    await signInThroughApi(page.request, org.adminEmail, PASSWORD);
    await openWebhooks(page, org.siteUrl);
    await page.getByTestId('webhook-edit').click();
    await expect(modal.getByTestId('webhook-url')).toHaveValue(receiver.url);
    await modal.getByTestId('webhook-kind-webhook.changed').uncheck();
    await modal.getByTestId('webhook-save').click();
    await expect(page.getByTestId('webhook-flag')).toContainText('Endpoint saved');
    await expect(page.getByTestId('webhook-row')).not.toContainText('webhook.changed');
    await page.getByTestId('webhook-delete').click();
    await page.getByTestId('webhook-delete-dialog-confirm').click();
    await expect(page.getByRole('region', { name: 'Endpoints' })).toContainText('No endpoints yet.');
    await page.goto(`/admin/${org.siteUrl}/audit`);
    const audit = page.getByTestId('audit-log--table');
    await expect(audit).toContainText('Webhook added');
    await expect(audit).toContainText('changed: eventTypes');
    await expect(audit).toContainText('Webhook deleted');
  } finally {
    await receiver.close();
  }
});
