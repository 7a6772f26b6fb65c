import { randomBytes } from 'node:crypto';
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { saveScreenshot, signInThroughApi, waitForApp } from './helpers';

type Installation = { id: string; app: { id: string; name: string }; site: { url: string }; environment: string };

test('a developer creates an ingest token, the app sends a batch with it, the lines are readable, and revoking stops it', async ({ page, baseURL }) => {
  await signInThroughApi(page.request, 'dev@lumen.example');
  const { installations } = (await (await page.request.get('/api/v1/installations')).json()) as { installations: Installation[] };
  const acme = installations.find((i) => i.app.name === 'Timesheet Pro' && i.site.url === 'acme.atlassian.net' && i.environment === 'PRODUCTION')!;

  await page.goto(`/console/apps/${acme.app.id}`);
  await waitForApp(page); // typing before hydration would be lost
  await page.getByTestId('ingest-token-name').fill('e2e sender');
  await page.getByTestId('create-ingest-token').click();
  const secret = (await page.getByTestId('new-ingest-token-secret').innerText()).trim();
  expect(secret).toMatch(/^lsi_/);
  await expect(page.getByTestId('ingest-tokens--table')).toContainText('e2e sender');
  await expect(page.getByTestId('ingest-tokens--table')).not.toContainText(secret);

  const marker = `e2e-ingest-${randomBytes(4).toString('hex')}`;
  const sentAt = new Date(Date.now() - 60_000);
  const app = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  const admin = await playwrightRequest.newContext({ baseURL });
  try {
    const body = [
      { installationId: acme.id, timestamp: sentAt.toISOString().replace('Z', '+00:00'), level: 'Error', message: `${marker} payroll export failed`, module: 'scheduled/payroll-export', function: 'handler' },
      { siteUrl: 'acme.atlassian.net', timestamp: sentAt.getTime() + 1, level: 'info', message: `${marker} retried` },
      { installationId: acme.id, timestamp: 'not a time', level: 'info', message: `${marker} bad` },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const sent = await app.post('/api/v1/ingest', { headers: { 'content-type': 'application/x-ndjson' }, data: body });
    expect(sent.status()).toBe(200);
    expect(await sent.json()).toMatchObject({ accepted: 2, rejected: [{ line: 3 }] });

    // The site's admin reads them at once, in UTC.
    await signInThroughApi(admin, 'admin@acme.example');
    const range = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
    const read = await admin.get(`/api/v1/installations/${acme.id}/logs?${range}&q=${marker}`);
    expect(read.status()).toBe(200);
    const { lines } = (await read.json()) as { lines: { timestamp: string; level: string; message: string }[] };
    expect(lines.map((l) => [l.level, l.message, l.timestamp])).toEqual([
      ['info', `${marker} retried`, new Date(sentAt.getTime() + 1).toISOString()],
      ['error', `${marker} payroll export failed`, sentAt.toISOString()],
    ]);

    await page.reload();
    await waitForApp(page);
    const row = page.getByTestId('ingest-tokens--table').locator('tr', { hasText: 'e2e sender' });
    await expect(row).toContainText('production');
    await expect(row).not.toContainText('Never');
    await saveScreenshot(page, 'console-ingest-tokens');

    await page.getByTestId('revoke-ingest-e2e sender').click();
    await page.getByTestId('revoke-token-dialog-confirm').click();
    await expect(page.getByTestId('ingest-token-flag')).toContainText('Ingest token revoked');
    const after = await app.post('/api/v1/ingest', { headers: { 'content-type': 'application/x-ndjson' }, data: body });
    expect(after.status()).toBe(401);
    expect(after.headers()['www-authenticate']).toContain('invalid_token');
  } finally {
    await app.dispose();
    await admin.dispose();
  }
});
