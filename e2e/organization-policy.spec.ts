import { expect, test } from '@playwright/test';
import { createInstallation } from './db';
import { pickOption, saveScreenshot, signInThroughApi } from './helpers';

// Acme's policy approves Globex's security investigations by itself. Only that
// kind of reason, which no other test uses, so tests running beside this one
// see Acme's requests wait for an admin as before.

test('an organization admin sets a policy that approves a justified request from a listed vendor by itself', async ({ page }) => {
  await signInThroughApi(page.request, 'admin@acme.example');
  await page.goto('/admin/acme.atlassian.net/settings');
  await pickOption(page, 'auto-approve-vendors', 'Globex');
  await pickOption(page, 'auto-approve-reasons', 'Security investigation');
  await saveScreenshot(page, 'settings-policy');
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('settings-flag')).toContainText('Settings saved');
  try {
    await page.goto('/admin/acme.atlassian.net/audit?action=ORG_POLICY_CHANGED');
    await expect(page.getByTestId('audit-log--table')).toContainText('approves requests from Globex for security investigation by itself');

    // The site admin of acme-eu reads the policy but cannot change it.
    await signInThroughApi(page.request, 'siteadmin@acme.example');
    await page.goto('/admin/acme-eu.atlassian.net/settings');
    await expect(page.getByTestId('auto-approve-vendors-select--control')).toContainText('Globex');
    await expect(page.getByText('Only organization admins can change these settings.')).toBeVisible();

    // Globex asks with a listed kind of reason: approved at once, shared, recorded as the policy's decision.
    const installationId = await createInstallation({ appName: 'Release Radar', siteUrl: 'acme.atlassian.net' });
    await signInThroughApi(page.request, 'dev@globex.example');
    const asked = await page.request.post(`/api/v1/installations/${installationId}/access-requests`, {
      data: { reason: 'A suspected token leak: we need to see which calls used it.', reasonCode: 'security_investigation' },
    });
    expect(asked.status()).toBe(201);
    expect(await asked.json()).toMatchObject({ status: 'approved', decisionNote: "Approved by Acme's policy.", reasonCode: 'security_investigation' });
    // Another kind of reason waits for an admin.
    const other = await createInstallation({ appName: 'Release Radar', siteUrl: 'acme-eu.atlassian.net' });
    const waiting = await page.request.post(`/api/v1/installations/${other}/access-requests`, { data: { reason: 'Users report timeouts since yesterday.', reasonCode: 'vendor_detected' } });
    expect(((await waiting.json()) as { status: string }).status).toBe('pending');

    await signInThroughApi(page.request, 'admin@acme.example');
    await page.goto('/admin/acme.atlassian.net/audit?action=ACCESS_REQUEST_APPROVED');
    await expect(page.getByTestId('audit-log--table')).toContainText("Acme's policy");
  } finally {
    await signInThroughApi(page.request, 'admin@acme.example');
    await page.goto('/admin/acme.atlassian.net/settings');
    const organizationId = await page.evaluate(() => document.querySelector('[data-organization-id]')?.getAttribute('data-organization-id') ?? null);
    expect(organizationId).toBeTruthy();
    const cleared = await page.request.patch(`/api/v1/organizations/${organizationId}`, { data: { autoApproveVendorIds: [], autoApproveReasonCodes: [] }, headers: { origin: new URL(page.url()).origin } });
    expect(cleared.status()).toBe(200);
  }
});
