import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { db } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { createInstallation } from '@/lib/installations/create-installation';
import { disableLogAccess, enableLogAccess } from '@/lib/log-access/change-log-access';
import { getLogAccess } from '@/lib/log-access/get-log-access';
import { settleAllExpiredGrants } from '@/lib/log-access/settle-expired-grants';
import { auditOfInstallation as auditOf } from '@/lib/test-support/audit';
import { installationOf } from '@/lib/test-support/demo-lookups';
import { meta, person } from '@/lib/test-support/identities';

const HOUR = 3_600_000;

describe('enabling and disabling log access', () => {
  let admin: { id: string; name: string; email: string };
  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 500, reset: true });
    admin = await person('admin@acme.example');
  });

  it('leaves exactly one open grant after parallel enables, with one audit row', async () => {
    const installation = await installationOf('Timesheet Pro', 'acme.atlassian.net');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => enableLogAccess({ installationId: installation.id, actor: admin, meta, expiresAt: null })),
    );
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(await db().logAccessGrant.count({ where: { installationId: installation.id, disabledAt: null } })).toBe(1);
    const audit = await auditOf(installation.id);
    expect(audit.map((a) => a.action)).toEqual(['LOG_ACCESS_ENABLED']);
    expect(audit[0]).toMatchObject({ actorUserId: admin.id, actorLabel: 'Avery Adams (admin@acme.example)', ipAddress: '203.0.113.7', userAgent: 'vitest' });
  });

  it('keeps the full history across disable and enable, and is idempotent', async () => {
    const installation = await installationOf('Timesheet Pro', 'acme.atlassian.net');
    expect((await disableLogAccess({ installationId: installation.id, actor: admin, meta })).changed).toBe(true);
    expect((await disableLogAccess({ installationId: installation.id, actor: admin, meta })).changed).toBe(false);
    await enableLogAccess({ installationId: installation.id, actor: admin, meta, expiresAt: null });
    const details = await getLogAccess({ installationId: installation.id, isPaid: true, access: 'admin' });
    expect(details.logAccess.state).toBe('shared');
    expect(details.history).toHaveLength(2);
    expect(details.history[1]).toMatchObject({ endedBy: 'disabled', disabledBy: 'Avery Adams (admin@acme.example)' });
    expect(details.history[0]).toMatchObject({ endedBy: null, enabledBy: 'Avery Adams (admin@acme.example)' });
    const vendorView = await getLogAccess({ installationId: installation.id, isPaid: true, access: 'vendor' });
    expect(vendorView.history[0]?.enabledBy).toBeNull();
    // Turning access off also sends the admins the summary of the vendor's reads (lib/log-access/enqueue-grant-summary.ts).
    expect((await auditOf(installation.id)).map((a) => a.action)).toEqual(['LOG_ACCESS_ENABLED', 'LOG_ACCESS_DISABLED', 'LOG_ACCESS_SUMMARY_SENT', 'LOG_ACCESS_ENABLED']);
  });

  it('refuses free apps and end dates in the past with 422', async () => {
    const free = await installationOf('Quick Notes', 'acme.atlassian.net');
    await expect(enableLogAccess({ installationId: free.id, actor: admin, meta, expiresAt: null })).rejects.toMatchObject({
      code: 'unprocessable',
    });
    const paid = await installationOf('Release Radar', 'acme.atlassian.net');
    const error = await enableLogAccess({ installationId: paid.id, actor: admin, meta, expiresAt: new Date(Date.now() - 1000) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(422);
    expect(await db().logAccessGrant.count({ where: { installationId: { in: [free.id, paid.id] } } })).toBe(0);
  });

  it('treats an expired grant as not shared at once, and settles it into the history and audit trail', async () => {
    const installation = await installationOf('Release Radar', 'acme-eu.atlassian.net');
    const start = new Date();
    const expiresAt = new Date(start.getTime() + HOUR);
    await enableLogAccess({ installationId: installation.id, actor: admin, meta, expiresAt, now: start });
    const during = await getLogAccess({ installationId: installation.id, isPaid: true, access: 'admin', now: new Date(start.getTime() + HOUR / 2) });
    expect(during.logAccess).toEqual({ state: 'shared', since: start.toISOString(), until: expiresAt.toISOString(), scope: null });

    const after = new Date(start.getTime() + 2 * HOUR);
    const unsettled = await getLogAccess({ installationId: installation.id, isPaid: true, access: 'admin', now: after });
    expect(unsettled.logAccess).toEqual({ state: 'not_shared' });
    expect(unsettled.history[0]?.endedBy).toBe('expired');

    expect(await settleAllExpiredGrants(after)).toBe(1);
    expect(await settleAllExpiredGrants(after)).toBe(0);
    const grant = await db().logAccessGrant.findFirstOrThrow({ where: { installationId: installation.id } });
    expect(grant.disabledAt?.toISOString()).toBe(expiresAt.toISOString());
    const audit = await auditOf(installation.id);
    expect(audit.map((a) => a.action)).toEqual(['LOG_ACCESS_ENABLED', 'LOG_ACCESS_EXPIRED', 'LOG_ACCESS_SUMMARY_SENT']);
    expect(audit[1]?.occurredAt.toISOString()).toBe(expiresAt.toISOString());

    // Enabling again after expiry opens a new grant; the expired one stays in the history.
    await enableLogAccess({ installationId: installation.id, actor: admin, meta, expiresAt: null, now: after });
    expect(await db().logAccessGrant.count({ where: { installationId: installation.id } })).toBe(2);
  });
});

describe('the organization policy for new installations', () => {
  it('shares logs of a newly installed paid app and records why; free apps are left alone', async () => {
    const admin = await person('admin@initech.example');
    const site = await db().site.findUniqueOrThrow({ where: { url: 'initech.atlassian.net' } });
    await db().organization.update({ where: { id: site.organizationId }, data: { shareLogsByDefault: true } });
    const paid = await db().app.findFirstOrThrow({ where: { isPaid: true, installations: { none: { siteId: site.id } } } });
    const free = await db().app.findFirstOrThrow({ where: { isPaid: false, installations: { none: { siteId: site.id } } } });

    const installed = await createInstallation({ appId: paid.id, siteId: site.id, product: 'JIRA', environment: 'PRODUCTION', appVersion: '1.0.0', actor: admin, meta });
    const details = await getLogAccess({ installationId: installed.id, isPaid: true, access: 'admin' });
    expect(details.logAccess.state).toBe('shared');
    expect(details.history[0]).toMatchObject({ source: 'ORG_POLICY', enabledBy: 'Organization policy' });
    const [audit] = await auditOf(installed.id);
    expect(audit?.action).toBe('LOG_ACCESS_ENABLED');
    expect(JSON.stringify(audit?.details)).toContain('shares logs with vendors of newly installed paid apps by default');

    const freeInstalled = await createInstallation({ appId: free.id, siteId: site.id, product: 'JIRA', environment: 'PRODUCTION', appVersion: '1.0.0', actor: admin, meta });
    expect(await db().logAccessGrant.count({ where: { installationId: freeInstalled.id } })).toBe(0);
    await expect(
      createInstallation({ appId: paid.id, siteId: site.id, product: 'JIRA', environment: 'PRODUCTION', appVersion: '1.0.1', actor: admin, meta }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });
});
