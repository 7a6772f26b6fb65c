import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccessRequest } from '@/lib/access-requests/create-access-request';
import { decideAccessRequest } from '@/lib/access-requests/decide-access-request';
import { db } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { createInstallation } from '@/lib/installations/create-installation';
import { disableLogAccess, enableLogAccess } from '@/lib/log-access/change-log-access';
import { updateOrganizationSettings } from '@/lib/organizations/update-organization-settings';
import { auditOfInstallation as auditOf } from '@/lib/test-support/audit';
import { meta, person, type Person } from '@/lib/test-support/identities';
import { Prisma } from '@/lib/generated/prisma/client';
import { describeAuditDetails } from '@/lib/audit/describe-audit-event';

// Initech's policy against Globex's Release Radar and Vandelay's Bulk Importer on initech.atlassian.net.

const DAY = 86_400_000;
const REASON = 'Release notes stopped publishing on this site; we need the logs to find out why.';

describe('an organization’s log-sharing policy', () => {
  let admin: Person;
  let devGlobex: Person;
  let organizationId: string;
  let radar: { id: string };
  let importer: { id: string };
  let globex: { id: string; name: string };
  let vandelay: { id: string };

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 100, reset: true });
    [admin, devGlobex] = await Promise.all([person('admin@initech.example'), person('dev@globex.example')]);
    const site = await db().site.findUniqueOrThrow({ where: { url: 'initech.atlassian.net' } });
    organizationId = site.organizationId;
    radar = await db().installation.findFirstOrThrow({ where: { siteId: site.id, app: { name: 'Release Radar' } } });
    importer = await db().installation.findFirstOrThrow({ where: { siteId: site.id, app: { name: 'Bulk Importer' } } });
    globex = await db().vendor.findFirstOrThrow({ where: { name: 'Globex' } });
    vandelay = await db().vendor.findFirstOrThrow({ where: { name: 'Vandelay Industries' } });
  });

  beforeEach(async () => {
    await db().organization.update({
      where: { id: organizationId },
      data: { shareLogsByDefault: false, neverShareVendorIds: [], maxGrantDays: null, autoApproveVendorIds: [], autoApproveReasonCodes: [], defaultGrantScope: Prisma.DbNull },
    });
    await db().accessRequest.updateMany({ where: { installationId: { in: [radar.id, importer.id] }, status: 'PENDING' }, data: { status: 'WITHDRAWN' } });
    for (const installation of [radar, importer]) await disableLogAccess({ installationId: installation.id, actor: admin, meta }).catch(() => undefined);
  });

  const policy = (settings: Parameters<typeof updateOrganizationSettings>[0]['settings']) => updateOrganizationSettings({ organizationId, settings, actor: admin, meta });

  it('never shares with a listed vendor: no grant, no request, nothing by default at install', async () => {
    await policy({ neverShareVendorIds: [globex.id] });
    await expect(enableLogAccess({ installationId: radar.id, actor: admin, meta, expiresAt: null })).rejects.toMatchObject({ code: 'forbidden', message: "Initech's policy never shares logs with Globex." });
    await expect(createAccessRequest({ installationId: radar.id, actor: devGlobex, meta, reason: REASON, expiresAt: null })).rejects.toMatchObject({ code: 'forbidden' });
    // Other vendors are not concerned.
    await enableLogAccess({ installationId: importer.id, actor: admin, meta, expiresAt: null });

    await policy({ shareLogsByDefault: true });
    const paidByGlobex = await db().app.findFirstOrThrow({ where: { isPaid: true, vendorId: globex.id, name: { not: 'Release Radar' } } }).catch(() => null);
    const app = paidByGlobex ?? (await db().app.findFirstOrThrow({ where: { name: 'Release Radar' } }));
    const site = await db().site.findUniqueOrThrow({ where: { url: 'initech.atlassian.net' } });
    const installed = await createInstallation({ appId: app.id, siteId: site.id, product: 'CONFLUENCE', environment: 'STAGING', appVersion: '1.0.0', actor: admin, meta });
    expect(await db().logAccessGrant.count({ where: { installationId: installed.id } })).toBe(0);
  });

  it('bounds every grant by its longest log access: an end date is required and no later than the limit', async () => {
    await policy({ maxGrantDays: 14 });
    const now = new Date();
    await expect(enableLogAccess({ installationId: radar.id, actor: admin, meta, expiresAt: null })).rejects.toMatchObject({ code: 'unprocessable', message: expect.stringContaining('at most 14 days') });
    await expect(enableLogAccess({ installationId: radar.id, actor: admin, meta, expiresAt: new Date(now.getTime() + 15 * DAY) })).rejects.toMatchObject({ code: 'unprocessable' });
    await enableLogAccess({ installationId: radar.id, actor: admin, meta, expiresAt: new Date(now.getTime() + 7 * DAY) });

    // A request for longer is made, but an admin approving it has to choose an end date within the limit.
    const request = await createAccessRequest({ installationId: importer.id, actor: devGlobex, meta, reason: REASON, expiresAt: null });
    await expect(decideAccessRequest({ requestId: request.id, actor: admin, meta, decision: { kind: 'approve' } })).rejects.toMatchObject({ code: 'unprocessable' });
    await decideAccessRequest({ requestId: request.id, actor: admin, meta, decision: { kind: 'approve', expiresAt: new Date(now.getTime() + 10 * DAY) } });

    // Shared by default at install: with the limit as its end date.
    await policy({ shareLogsByDefault: true });
    const site = await db().site.findUniqueOrThrow({ where: { url: 'initech.atlassian.net' } });
    const app = await db().app.findFirstOrThrow({ where: { name: 'Release Radar' } });
    const installed = await createInstallation({ appId: app.id, siteId: site.id, product: 'JIRA', environment: 'DEVELOPMENT', appVersion: '1.0.0', actor: admin, meta });
    const grant = await db().logAccessGrant.findFirstOrThrow({ where: { installationId: installed.id } });
    expect(grant.expiresAt!.getTime() - installed.installedAt.getTime()).toBe(14 * DAY);
  });

  it('approves a request from a listed vendor with a listed kind of reason by itself, within the longest access; other requests wait for an admin', async () => {
    await policy({ autoApproveVendorIds: [globex.id], autoApproveReasonCodes: ['customer_reported'], maxGrantDays: 30 });
    const before = new Date();
    const approved = await createAccessRequest({ installationId: radar.id, actor: devGlobex, meta, reason: REASON, reasonCode: 'customer_reported', ticketReference: 'INI-77', expiresAt: null });
    expect(approved).toMatchObject({ status: 'APPROVED', decidedById: null, decisionNote: "Approved by Initech's policy." });
    const grant = await db().logAccessGrant.findFirstOrThrow({ where: { installationId: radar.id, disabledAt: null } });
    expect(grant).toMatchObject({ source: 'ACCESS_REQUEST', accessRequestId: approved.id, enabledById: null });
    expect(grant.expiresAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() + 30 * DAY);
    expect(grant.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 30 * DAY);
    const audit = await auditOf(radar.id);
    const approval = audit.find((a) => a.action === 'ACCESS_REQUEST_APPROVED');
    expect(approval).toMatchObject({ actorUserId: null, actorLabel: "Initech's policy", details: expect.objectContaining({ byPolicy: true, accessRequestId: approved.id }) });
    // No admin is asked.
    expect(await db().outboxEmail.count({ where: { body: { contains: REASON }, subject: { contains: 'Globex asks' } } })).toBe(0);

    // Another kind of reason, or another vendor: pending, as without a policy.
    await disableLogAccess({ installationId: radar.id, actor: admin, meta });
    const pending = await createAccessRequest({ installationId: radar.id, actor: devGlobex, meta, reason: REASON, reasonCode: 'vendor_detected', expiresAt: null });
    expect(pending.status).toBe('PENDING');
    const other = await createAccessRequest({ installationId: importer.id, actor: devGlobex, meta, reason: REASON, reasonCode: 'customer_reported', ticketReference: 'INI-78', expiresAt: null });
    expect(other.status).toBe('PENDING');
  });

  it('refuses a policy naming an unknown vendor, or one vendor on both lists, and records a change on every site', async () => {
    await expect(policy({ neverShareVendorIds: ['nosuchvendor'] })).rejects.toMatchObject({ code: 'unprocessable', message: 'No such vendor: nosuchvendor.' });
    await expect(policy({ neverShareVendorIds: [vandelay.id], autoApproveVendorIds: [vandelay.id] })).rejects.toMatchObject({ code: 'unprocessable', message: expect.stringContaining('Vandelay Industries cannot be both') });
    const saved = await policy({ neverShareVendorIds: [vandelay.id], maxGrantDays: 7, autoApproveVendorIds: [globex.id], autoApproveReasonCodes: ['security_investigation'] });
    expect(saved).toMatchObject({ neverShareVendorIds: [vandelay.id], maxGrantDays: 7, autoApproveVendorIds: [globex.id], autoApproveReasonCodes: ['security_investigation'] });
    const sites = await db().site.count({ where: { organizationId } });
    const rows = await db().auditEvent.findMany({ where: { organizationId, action: 'ORG_POLICY_CHANGED' }, orderBy: { id: 'desc' }, take: sites });
    expect(rows).toHaveLength(sites);
    for (const row of rows) expect(row.details).toMatchObject({ neverShareWith: ['Vandelay Industries'], maxGrantDays: 7, autoApprove: { vendors: ['Globex'], reasonCodes: ['security_investigation'] } });
  });
  it('gives every new grant its default scope (enable, approve, approval by policy, sharing at install) unless an admin chooses another, and records the scope', async () => {
    const scope = { minLevel: 'error' as const, maskPersonalData: true };
    const saved = await policy({ defaultGrantScope: scope });
    expect(saved.defaultGrantScope).toEqual(scope);
    const change = await db().auditEvent.findFirstOrThrow({ where: { organizationId, action: 'ORG_POLICY_CHANGED' }, orderBy: { id: 'desc' } });
    expect(describeAuditDetails('ORG_POLICY_CHANGED', change.details as Record<string, unknown>)).toContain('new grants scoped: errors only; personal data masked');
    const grantOf = async (installationId: string) => (await db().logAccessGrant.findFirstOrThrow({ where: { installationId, disabledAt: null } })).scope;

    // An admin enabling without choosing: the default. Choosing the full grant (null): no scope.
    await enableLogAccess({ installationId: radar.id, actor: admin, meta, expiresAt: null });
    expect(await grantOf(radar.id)).toEqual(scope);
    const enabled = (await auditOf(radar.id)).filter((a) => a.action === 'LOG_ACCESS_ENABLED').at(-1)!;
    expect(enabled.details).toMatchObject({ grantScope: scope });
    expect(describeAuditDetails('LOG_ACCESS_ENABLED', enabled.details as Record<string, unknown>)).toContain('scoped: errors only; personal data masked');
    // Changing an open grant's scope is recorded with the scope before.
    await enableLogAccess({ installationId: radar.id, actor: admin, meta, expiresAt: null, grantScope: null });
    expect(await grantOf(radar.id)).toBeNull();
    const changed = (await auditOf(radar.id)).filter((a) => a.action === 'LOG_ACCESS_ENABLED').at(-1)!;
    expect(changed.details).toMatchObject({ grantScope: null, previousGrantScope: scope });
    expect(describeAuditDetails('LOG_ACCESS_ENABLED', changed.details as Record<string, unknown>)).toContain('scope changed · full access');
    // The same again changes nothing.
    expect(await enableLogAccess({ installationId: radar.id, actor: admin, meta, expiresAt: null, grantScope: {} })).toEqual({ changed: false });

    // Approved by an admin: the default, or the admin's scope.
    const asked = await createAccessRequest({ installationId: importer.id, actor: devGlobex, meta, reason: REASON, expiresAt: null });
    await decideAccessRequest({ requestId: asked.id, actor: admin, meta, decision: { kind: 'approve', grantScope: { modules: { mode: 'include', values: ['billing'] } } } });
    expect(await grantOf(importer.id)).toEqual({ modules: { mode: 'include', values: ['billing'] } });
    const approval = (await auditOf(importer.id)).filter((a) => a.action === 'ACCESS_REQUEST_APPROVED').at(-1)!;
    expect(describeAuditDetails('ACCESS_REQUEST_APPROVED', approval.details as Record<string, unknown>)).toContain('scoped: only modules billing');
    await disableLogAccess({ installationId: importer.id, actor: admin, meta });
    const again = await createAccessRequest({ installationId: importer.id, actor: devGlobex, meta, reason: REASON, expiresAt: null });
    await decideAccessRequest({ requestId: again.id, actor: admin, meta, decision: { kind: 'approve' } });
    expect(await grantOf(importer.id)).toEqual(scope);

    // Approved by the policy: the default.
    await disableLogAccess({ installationId: radar.id, actor: admin, meta });
    await policy({ autoApproveVendorIds: [globex.id], autoApproveReasonCodes: ['customer_reported'] });
    await createAccessRequest({ installationId: radar.id, actor: devGlobex, meta, reason: REASON, reasonCode: 'customer_reported', ticketReference: 'INI-90', expiresAt: null });
    expect(await grantOf(radar.id)).toEqual(scope);

    // Shared by default at install: the default.
    await policy({ shareLogsByDefault: true });
    const site = await db().site.findUniqueOrThrow({ where: { url: 'initech.atlassian.net' } });
    const app = await db().app.findFirstOrThrow({ where: { name: 'Release Radar' } });
    const installed = await createInstallation({ appId: app.id, siteId: site.id, product: 'CONFLUENCE', environment: 'DEVELOPMENT', appVersion: '1.0.0', actor: admin, meta });
    expect(await grantOf(installed.id)).toEqual(scope);
    const atInstall = (await auditOf(installed.id)).find((a) => a.action === 'LOG_ACCESS_ENABLED')!;
    expect(atInstall.details).toMatchObject({ grantScope: scope });
  });
});
