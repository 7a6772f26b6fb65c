import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { createUndeliverableEmail, createUser } from './db';
import { saveScreenshot, signInThroughApi, waitForApp } from './helpers';

type Members = { members: { id: string; email: string; role: string }[] };
type Invitations = { invitations: { id: string; email: string; role: string }[] };
type Email = { to: string; subject: string; body: string };

const NARROW = { width: 390, height: 844 };

/** Desktop, then phone width, of the page as it is now. */
async function screenshotsAtBothWidths(page: Page, name: string) {
  const desktop = page.viewportSize();
  await saveScreenshot(page, name);
  await page.setViewportSize(NARROW);
  await saveScreenshot(page, `${name}-narrow`);
  if (desktop) await page.setViewportSize(desktop);
}

test('an owner invites a person, who signs in, accepts with the e-mailed link and becomes a member', async ({ page, browser, baseURL }) => {
  const person = await createUser({ name: 'Nia Newcomer', password: 'long-enough-password' });
  await signInThroughApi(page.request, 'owner@lumen.example');
  const { installations } = (await (await page.request.get('/api/v1/installations')).json()) as { installations: { app: { id: string; name: string }; vendor: { id: string } }[] };
  const lumen = installations.find((i) => i.app.name === 'Timesheet Pro')!;
  const vendorApi = `/api/v1/vendors/${lumen.vendor.id}`;

  await page.goto('/console/members');
  await waitForApp(page); // typing before hydration would be lost
  await page.getByTestId('member-email').fill(person.email);
  await page.getByTestId('invite-member').click();
  await expect(page.getByTestId('members-flag')).toContainText('Invitation sent');
  await expect(page.getByRole('table', { name: 'Pending invitations' })).toContainText(person.email);
  await expect(page.getByRole('table', { name: 'Members' })).not.toContainText(person.email);
  await expect(page.getByTestId('invitation-help')).toContainText('Logshare has no sign-up');
  await page.reload(); // without the flag over the table
  await expect(page.getByRole('table', { name: 'Pending invitations' })).toContainText(person.email);
  await screenshotsAtBothWidths(page, 'vendor-members-invited');

  // The same answer for an address without an account, one with an account, and a member: nobody learns who uses Logshare.
  const answers = await Promise.all(
    ['nobody-here@unknown.example', 'dev@globex.example', 'dev@lumen.example'].map(async (email) => {
      const response = await page.request.post(`${vendorApi}/members`, { data: { email, role: 'VIEWER' } });
      const body = (await response.json()) as { invitation: { email: string; role: string; expiresAt: string } };
      return { status: response.status(), keys: Object.keys(body.invitation).sort(), email: body.invitation.email, role: body.invitation.role };
    }),
  );
  expect(answers).toEqual([
    { status: 202, keys: ['email', 'expiresAt', 'role'], email: 'nobody-here@unknown.example', role: 'VIEWER' },
    { status: 202, keys: ['email', 'expiresAt', 'role'], email: 'dev@globex.example', role: 'VIEWER' },
    { status: 202, keys: ['email', 'expiresAt', 'role'], email: 'dev@lumen.example', role: 'VIEWER' },
  ]);
  const { invitations } = (await (await page.request.get(`${vendorApi}/invitations`)).json()) as Invitations;
  expect(invitations.map((i) => i.email)).not.toContain('dev@lumen.example'); // a member is not invited again
  const members = (await (await page.request.get(`${vendorApi}/members`)).json()) as Members;
  expect(members.members.find((m) => m.email === 'dev@lumen.example')?.role).toBe('DEVELOPER');
  // Someone already in another vendor's console is told there.
  const globexDev = await playwrightRequest.newContext({ baseURL });
  try {
    await signInThroughApi(globexDev, 'dev@globex.example');
    const consoleHtml = await (await globexDev.get('/console')).text();
    expect(consoleHtml).toContain('data-testid="vendor-invitations-notice"');
    expect(consoleHtml).toContain('Lumen Software');
  } finally {
    await globexDev.dispose();
  }
  for (const email of ['nobody-here@unknown.example', 'dev@globex.example']) {
    const invitation = invitations.find((i) => i.email === email)!;
    expect((await page.request.delete(`${vendorApi}/invitations/${invitation.id}`)).status()).toBe(200);
  }

  // The invitee reads the e-mail, opens its link, signs in, and is brought back to it.
  const invitee = await browser.newContext({ baseURL });
  const inviteePage = await invitee.newPage();
  const mailbox = await playwrightRequest.newContext({ baseURL });
  const stranger = await playwrightRequest.newContext({ baseURL });
  try {
    await signInThroughApi(mailbox, person.email, 'long-enough-password'); // the dev outbox stands in for their mail client
    const { emails } = (await (await mailbox.get('/api/v1/dev/outbox')).json()) as { emails: Email[] };
    const mail = emails.find((e) => e.subject === 'You are invited to join Lumen Software on Logshare')!;
    expect(mail.body).toContain('Logshare has no sign-up');
    const link = new URL(/https?:\/\/\S+\/invitations\?token=\S+/.exec(mail.body)![0]);
    const token = link.searchParams.get('token')!;

    await inviteePage.goto(link.pathname + link.search);
    await expect(inviteePage).toHaveURL(/\/signin\?callbackUrl=/);
    await waitForApp(inviteePage);
    await inviteePage.getByTestId('email').fill(person.email);
    await inviteePage.getByTestId('password').fill('long-enough-password');
    await inviteePage.getByTestId('sign-in-submit').click();
    await expect(inviteePage.getByTestId('invitation-summary')).toContainText('join Lumen Software in the developer console as developer');
    await waitForApp(inviteePage);
    await screenshotsAtBothWidths(inviteePage, 'vendor-invitation-accept');

    // Someone else with the link is told nothing and cannot accept.
    await signInThroughApi(stranger, 'dev@globex.example');
    expect((await stranger.post('/api/v1/vendor-invitations/accept', { data: { token } })).status()).toBe(404);
    expect((await stranger.post('/api/v1/vendor-invitations/accept', { data: { token: 'not a token' } })).status()).toBe(400);
    const strangersView = await (await stranger.get(link.pathname + link.search)).text();
    expect(strangersView).toContain('data-testid="invitation-not-found"');
    expect(strangersView).not.toContain('accept-invitation');

    // With no role yet, the invitee's landing page tells of the invitation too.
    await inviteePage.goto('/');
    await expect(inviteePage.getByTestId('vendor-invitations-notice')).toContainText('Lumen Software invites you to join');
    await screenshotsAtBothWidths(inviteePage, 'vendor-invitation-notice');

    await inviteePage.goBack();
    await waitForApp(inviteePage);
    await inviteePage.getByTestId('accept-invitation').click();
    await expect(inviteePage).toHaveURL(/\/console\/members$/);
    await expect(inviteePage.getByRole('table', { name: 'Members' })).toContainText(person.email);
    expect((await invitee.request.post('/api/v1/vendor-invitations/accept', { data: { token } })).status()).toBe(404); // used up

    await page.reload();
    await expect(page.getByRole('table', { name: 'Members' })).toContainText(person.email);
    await expect(page.getByTestId('pending-invitations')).toHaveCount(0);

    // Joined as a developer, as invited; an owner makes them a viewer, who reads no lines and manages nobody.
    const joined = ((await (await page.request.get(`${vendorApi}/members`)).json()) as Members).members.find((m) => m.email === person.email)!;
    expect(joined.role).toBe('DEVELOPER');
    expect((await page.request.patch(`${vendorApi}/members/${joined.id}`, { data: { role: 'VIEWER' } })).status()).toBe(200);
    const range = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date().toISOString()}`;
    expect((await invitee.request.get(`/api/v1/apps/${lumen.app.id}/logs?${range}`)).status()).toBe(403);
    expect((await invitee.request.post(`${vendorApi}/members`, { data: { email: 'x@y.example', role: 'VIEWER' } })).status()).toBe(403);
    expect((await invitee.request.get(`${vendorApi}/invitations`)).status()).toBe(403);
    expect((await page.request.patch(`${vendorApi}/members/${joined.id}`, { data: { role: 'DEVELOPER' } })).status()).toBe(200);
    expect((await invitee.request.get(`/api/v1/apps/${lumen.app.id}/logs?${range}`)).status()).toBe(200);

    // The last owner cannot be demoted; other vendors get 404, bad roles and addresses 400.
    const owner = members.members.find((m) => m.email === 'owner@lumen.example')!;
    expect((await page.request.patch(`${vendorApi}/members/${owner.id}`, { data: { role: 'VIEWER' } })).status()).toBe(409);
    expect((await page.request.patch(`${vendorApi}/members/${joined.id}`, { data: { role: 'ADMIN' } })).status()).toBe(400);
    expect((await page.request.post(`${vendorApi}/members`, { data: { email: 'not-an-address', role: 'VIEWER' } })).status()).toBe(400);
    expect((await stranger.get(`${vendorApi}/members`)).status()).toBe(404);
    expect((await stranger.post(`${vendorApi}/members`, { data: { email: 'x@y.example', role: 'VIEWER' } })).status()).toBe(404);
    expect((await page.request.delete(`${vendorApi}/members/${joined.id}`)).status()).toBe(200);
  } finally {
    await mailbox.dispose();
    await stranger.dispose();
    await invitee.close();
  }
});

test('the Admin Hub shows the site’s admins the notifications that could not be delivered', async ({ page, baseURL }) => {
  const subject = `Undeliverable ${Date.now()}`;
  await createUndeliverableEmail({ siteUrl: 'acme.atlassian.net', to: 'admin@acme.example', subject, lastError: '550 5.1.1 <admin@acme.example>: Recipient address rejected' });
  await signInThroughApi(page.request, 'admin@acme.example');
  await page.goto('/admin/acme.atlassian.net/settings');
  const table = page.getByRole('table', { name: 'E-mails that could not be delivered' });
  const row = table.getByTestId('undeliverable-email-row').filter({ hasText: subject });
  await expect(row).toContainText('admin@acme.example');
  await expect(row).toContainText('550 5.1.1');
  await expect(row).toContainText('after 8 attempts');
  await expect(page.getByTestId('undeliverable-emails-notice')).toBeVisible();
  await screenshotsAtBothWidths(page, 'admin-undeliverable-emails');

  // An admin of another site of the organization does not see it.
  const siteAdmin = await playwrightRequest.newContext({ baseURL });
  try {
    await signInThroughApi(siteAdmin, 'siteadmin@acme.example');
    const html = await (await siteAdmin.get('/admin/acme-eu.atlassian.net/settings')).text();
    expect(html).toContain('data-testid="signed-in-as">siteadmin@acme.example');
    expect(html).not.toContain(subject);
  } finally {
    await siteAdmin.dispose();
  }
});
