import { expect, request as playwrightRequest, test } from '@playwright/test';
import { saveScreenshot, signInThroughApi, waitForApp } from './helpers';

type Installation = { app: { id: string; name: string } };

test('a vendor creates a personal API token, reads its own app with it, not another vendor’s, and revokes it', async ({ page, baseURL }) => {
  await signInThroughApi(page.request, 'dev@globex.example');
  const { installations } = (await (await page.request.get('/api/v1/installations')).json()) as { installations: Installation[] };
  const radar = installations.find((i) => i.app.name === 'Release Radar')!.app.id;
  const lumen = await playwrightRequest.newContext({ baseURL });
  await signInThroughApi(lumen, 'dev@lumen.example');
  const lumenApps = (await (await lumen.get('/api/v1/installations')).json()) as { installations: Installation[] };
  const timesheet = lumenApps.installations.find((i) => i.app.name === 'Timesheet Pro')!.app.id;
  // Vendor A never sees vendor B's app, with a session either.
  expect((await lumen.get(`/api/v1/apps/${radar}/logs?from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date().toISOString()}`)).status()).toBe(404);
  await lumen.dispose();

  await page.goto('/console/tokens');
  await waitForApp(page); // typing before hydration would be lost
  await page.getByTestId('token-name').fill('ci token');
  await page.getByTestId('create-token').click();
  const secret = (await page.getByTestId('new-token-secret').innerText()).trim();
  expect(secret).toMatch(/^lsk_/);
  await expect(page.getByTestId('api-tokens--table')).toContainText('ci token');
  await expect(page.getByTestId('api-tokens--table')).not.toContainText(secret);
  await saveScreenshot(page, 'api-tokens');

  const range = `from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date().toISOString()}`;
  const client = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  try {
    const own = await client.get(`/api/v1/apps/${radar}/logs?${range}`);
    expect(own.status()).toBe(200);
    expect(await own.json()).toHaveProperty('lines');
    const otlp = await client.get(`/api/v1/apps/${radar}/logs?${range}&format=otlp`);
    expect(await otlp.json()).toHaveProperty('resourceLogs');
    expect((await client.get(`/api/v1/apps/${timesheet}/logs?${range}`)).status()).toBe(404);
    // A token reads as a vendor, never as a site admin, and cannot mint tokens.
    expect((await client.post('/api/v1/api-tokens', { data: { name: 'x' } })).status()).toBe(401);

    await page.getByTestId('revoke-ci token').click();
    await page.getByTestId('revoke-token-dialog-confirm').click();
    await expect(page.getByTestId('token-flag')).toContainText('Token revoked');
    const after = await client.get(`/api/v1/apps/${radar}/logs?${range}`);
    expect(after.status()).toBe(401);
    expect(after.headers()['www-authenticate']).toContain('invalid_token');
  } finally {
    await client.dispose();
  }
  const bogus = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: 'Bearer lsk_not-a-real-token-at-all-0000' } });
  expect((await bogus.get(`/api/v1/apps/${radar}/logs?${range}`)).status()).toBe(401);
  await bogus.dispose();
});
