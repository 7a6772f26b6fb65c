import { expect, request as playwrightRequest, test } from '@playwright/test';
import { createUser } from './db';
import { saveScreenshot, signInThroughApi, waitForApp } from './helpers';

type Members = { members: { id: string; email: string; role: string }[] };

test('an owner adds a viewer who sees apps but no log lines, then makes them a developer', async ({ page, baseURL }) => {
  const person = await createUser({ name: 'Nia Newcomer', password: 'long-enough-password' });
  await signInThroughApi(page.request, 'owner@lumen.example');
  await page.goto('/console/members');
  await waitForApp(page); // typing before hydration would be lost
  await page.getByTestId('member-email').fill(person.email);
  await page.getByTestId('add-member').click();
  await expect(page.getByTestId('members-flag')).toContainText('Member added');
  const table = page.getByRole('table', { name: 'Members' });
  await expect(table).toContainText(person.email);
  await saveScreenshot(page, 'vendor-members');

  // Added as a developer by default; make them a viewer through the API, as an owner may.
  const { installations } = (await (await page.request.get('/api/v1/installations')).json()) as { installations: { app: { id: string; name: string }; vendor: { id: string } }[] };
  const lumen = installations.find((i) => i.app.name === 'Timesheet Pro')!;
  const members = (await (await page.request.get(`/api/v1/vendors/${lumen.vendor.id}/members`)).json()) as Members;
  const member = members.members.find((m) => m.email === person.email)!;
  expect(member.role).toBe('DEVELOPER');
  expect((await page.request.patch(`/api/v1/vendors/${lumen.vendor.id}/members/${member.id}`, { data: { role: 'VIEWER' } })).status()).toBe(200);

  const newcomer = await playwrightRequest.newContext({ baseURL });
  try {
    await signInThroughApi(newcomer, person.email, 'long-enough-password');
    const range = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date().toISOString()}`;
    expect((await newcomer.get(`/api/v1/apps/${lumen.app.id}/logs?${range}`)).status()).toBe(403);
    // A viewer may not manage members either.
    expect((await newcomer.post(`/api/v1/vendors/${lumen.vendor.id}/members`, { data: { email: 'x@y.example', role: 'VIEWER' } })).status()).toBe(403);
    expect((await page.request.patch(`/api/v1/vendors/${lumen.vendor.id}/members/${member.id}`, { data: { role: 'DEVELOPER' } })).status()).toBe(200);
    expect((await newcomer.get(`/api/v1/apps/${lumen.app.id}/logs?${range}`)).status()).toBe(200);
  } finally {
    await newcomer.dispose();
  }

  // The last owner cannot be demoted; strangers get 404, bad roles 400.
  const owner = members.members.find((m) => m.email === 'owner@lumen.example')!;
  expect((await page.request.patch(`/api/v1/vendors/${lumen.vendor.id}/members/${owner.id}`, { data: { role: 'VIEWER' } })).status()).toBe(409);
  expect((await page.request.patch(`/api/v1/vendors/${lumen.vendor.id}/members/${member.id}`, { data: { role: 'ADMIN' } })).status()).toBe(400);
  const stranger = await playwrightRequest.newContext({ baseURL });
  await signInThroughApi(stranger, 'dev@globex.example');
  expect((await stranger.get(`/api/v1/vendors/${lumen.vendor.id}/members`)).status()).toBe(404);
  await stranger.dispose();
  expect((await page.request.delete(`/api/v1/vendors/${lumen.vendor.id}/members/${member.id}`)).status()).toBe(200);
});
