import { beforeAll, describe, expect, it } from 'vitest';
import { createAccessRequest } from '@/lib/access-requests/create-access-request';
import { decideAccessRequest } from '@/lib/access-requests/decide-access-request';
import { listAccessRequests } from '@/lib/access-requests/list-access-requests';
import { withdrawAccessRequest } from '@/lib/access-requests/withdraw-access-request';
import { db } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { enableLogAccess } from '@/lib/log-access/change-log-access';
import { auditOfInstallation as auditOf } from '@/lib/test-support/audit';
import { installationOf } from '@/lib/test-support/demo-lookups';
import { meta, person, vendorViewer, type Person } from '@/lib/test-support/identities';
import { findAppLogSources } from '@/lib/console/find-app-log-sources';
import { readAppLogs } from '@/lib/console/read-app-logs';
import { appLogQuerySchema } from '@/lib/validations/logs';

const HOUR = 3_600_000;
const REASON = 'Payroll exports fail for this site since 3.4.1; we need the logs to find out why.';

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

describe('access requests', () => {
  let devLumen: Person;
  let devGlobex: Person;
  let admin: Person;
  let siteAdmin: Person;
  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 500, reset: true });
    [devLumen, devGlobex, admin, siteAdmin] = await Promise.all([
      person('dev@lumen.example'),
      person('dev@globex.example'),
      person('admin@acme.example'),
      person('siteadmin@acme.example'),
    ]);
  });

  it('records a request, its audit row and an e-mail to every admin of the site; a second one is a 409', async () => {
    const installation = await installationOf('Timesheet Pro', 'acme-eu.atlassian.net');
    const expiresAt = new Date(Date.now() + 7 * 24 * HOUR);
    const request = await createAccessRequest({ installationId: installation.id, actor: devLumen, meta, reason: REASON, expiresAt });
    expect(request).toMatchObject({ status: 'PENDING', reason: REASON, requestedById: devLumen.id });
    expect(request.requestedExpiresAt?.toISOString()).toBe(expiresAt.toISOString());

    const [audit] = await auditOf(installation.id);
    expect(audit).toMatchObject({ action: 'ACCESS_REQUESTED', actorUserId: devLumen.id, ipAddress: meta.ipAddress });
    expect(audit?.details).toMatchObject({ accessRequestId: request.id, reason: REASON, appName: 'Timesheet Pro' });

    // acme-eu's admins: Acme's organization admin and the site's own admin.
    const emails = await db().outboxEmail.findMany({ where: { body: { contains: REASON } }, orderBy: { to: 'asc' } });
    expect(emails.map((e) => e.to)).toEqual(['admin@acme.example', 'siteadmin@acme.example']);
    for (const email of emails) {
      expect(email.sentAt).toBeNull(); // no SMTP_URL in tests: kept in the outbox only
      expect(email.subject).toBe("Lumen Software asks for access to Timesheet Pro's logs on acme-eu.atlassian.net");
      expect(email.body).toContain('Devon Lee (dev@lumen.example) of Lumen Software');
      expect(email.body).toContain('http://127.0.0.1:3000/admin/acme-eu.atlassian.net/requests');
    }

    await expect(createAccessRequest({ installationId: installation.id, actor: devLumen, meta, reason: REASON, expiresAt: null })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('already waiting'),
    });
  });

  it('lets exactly one of many simultaneous requests through; the others are 409s', async () => {
    const installation = await installationOf('Release Radar', 'acme.atlassian.net');
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => createAccessRequest({ installationId: installation.id, actor: devGlobex, meta, reason: `${REASON} (${i})`, expiresAt: null })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.map((r) => codeOf(r.reason))).toEqual(Array(5).fill('conflict'));
    expect(await db().accessRequest.count({ where: { installationId: installation.id } })).toBe(1);
    expect((await auditOf(installation.id)).map((a) => a.action)).toEqual(['ACCESS_REQUESTED']);
    // acme.atlassian.net has one admin: the site admin of acme-eu is not one of them.
    expect(await db().outboxEmail.findMany({ where: { body: { contains: REASON }, subject: { contains: 'Release Radar' } } })).toHaveLength(1);
  });

  it('approves into exactly one grant with the requested end date, in one transaction with both audit rows', async () => {
    const installation = await installationOf('Timesheet Pro', 'acme-eu.atlassian.net');
    const pending = await db().accessRequest.findFirstOrThrow({ where: { installationId: installation.id, status: 'PENDING' } });
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => decideAccessRequest({ requestId: pending.id, actor: admin, meta, decision: { kind: 'approve' } })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => codeOf((r as PromiseRejectedResult).reason))).toEqual(['conflict', 'conflict', 'conflict']);

    const approved = await db().accessRequest.findUniqueOrThrow({ where: { id: pending.id } });
    expect(approved).toMatchObject({ status: 'APPROVED', decidedById: admin.id, decisionNote: null });
    const grants = await db().logAccessGrant.findMany({ where: { installationId: installation.id } });
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ source: 'ACCESS_REQUEST', accessRequestId: pending.id, enabledById: admin.id, disabledAt: null });
    expect(grants[0]?.expiresAt?.toISOString()).toBe(pending.requestedExpiresAt?.toISOString());

    const audit = await auditOf(installation.id);
    expect(audit.map((a) => a.action)).toEqual(['ACCESS_REQUESTED', 'LOG_ACCESS_ENABLED', 'ACCESS_REQUEST_APPROVED']);
    expect(audit[1]?.details).toMatchObject({ accessRequestId: pending.id, grantId: grants[0]?.id });
    expect(audit[2]).toMatchObject({ actorUserId: admin.id, ipAddress: meta.ipAddress });

    // Decided is final: approving or declining again is a 409.
    await expect(decideAccessRequest({ requestId: pending.id, actor: admin, meta, decision: { kind: 'approve' } })).rejects.toMatchObject({ code: 'conflict' });
    await expect(decideAccessRequest({ requestId: pending.id, actor: siteAdmin, meta, decision: { kind: 'decline', note: 'No' } })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('refuses a request for logs that are already shared (409) and for a free app (422)', async () => {
    const shared = await installationOf('Timesheet Pro', 'acme-eu.atlassian.net');
    await expect(createAccessRequest({ installationId: shared.id, actor: devLumen, meta, reason: REASON, expiresAt: null })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('already shares'),
    });
    const free = await installationOf('Quick Notes', 'acme.atlassian.net');
    await expect(createAccessRequest({ installationId: free.id, actor: devLumen, meta, reason: REASON, expiresAt: null })).rejects.toMatchObject({
      code: 'unprocessable',
    });
    await expect(
      createAccessRequest({ installationId: free.id, actor: devLumen, meta, reason: REASON, expiresAt: new Date(Date.now() - HOUR) }),
    ).rejects.toMatchObject({ code: 'unprocessable' });
    expect(await db().accessRequest.count({ where: { installationId: free.id } })).toBe(0);
  });

  it('declines with a note the vendor reads; then the vendor may ask again, and withdraw', async () => {
    const installation = await installationOf('Release Radar', 'acme.atlassian.net');
    const pending = await db().accessRequest.findFirstOrThrow({ where: { installationId: installation.id, status: 'PENDING' } });
    await decideAccessRequest({ requestId: pending.id, actor: admin, meta, decision: { kind: 'decline', note: 'Not during the quarter-end freeze.' } });
    expect(await db().logAccessGrant.count({ where: { installationId: installation.id } })).toBe(0);

    const [vendorView] = await listAccessRequests({ scope: { installationId: installation.id }, view: 'vendor' });
    expect(vendorView).toMatchObject({ status: 'declined', decisionNote: 'Not during the quarter-end freeze.', decidedBy: null });
    const [adminView] = await listAccessRequests({ scope: { installationId: installation.id }, view: 'admin' });
    expect(adminView?.decidedBy).toBe('Avery Adams (admin@acme.example)');

    const again = await createAccessRequest({ installationId: installation.id, actor: devGlobex, meta, reason: `${REASON} Again.`, expiresAt: null });
    const withdrawn = await withdrawAccessRequest({ requestId: again.id, actor: devGlobex, meta });
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', decidedById: devGlobex.id });
    await expect(withdrawAccessRequest({ requestId: again.id, actor: devGlobex, meta })).rejects.toMatchObject({ code: 'conflict' });
    await expect(decideAccessRequest({ requestId: again.id, actor: admin, meta, decision: { kind: 'approve' } })).rejects.toMatchObject({ code: 'conflict' });

    expect((await auditOf(installation.id)).map((a) => a.action)).toEqual([
      'ACCESS_REQUESTED',
      'ACCESS_REQUEST_DECLINED',
      'ACCESS_REQUESTED',
      'ACCESS_REQUEST_WITHDRAWN',
    ]);
    const site = await listAccessRequests({ scope: { siteId: installation.siteId }, view: 'admin' });
    expect(site.map((r) => r.status)).toEqual(['withdrawn', 'declined']);
    expect(await listAccessRequests({ scope: { siteId: installation.siteId }, view: 'admin', status: 'pending' })).toEqual([]);
  });

  it('closes a request as approved without a second grant when an admin shared the logs meanwhile', async () => {
    const installation = await installationOf('Release Radar', 'acme-eu.atlassian.net');
    const request = await createAccessRequest({ installationId: installation.id, actor: devGlobex, meta, reason: REASON, expiresAt: null });
    await enableLogAccess({ installationId: installation.id, actor: siteAdmin, meta, expiresAt: null });
    const approved = await decideAccessRequest({ requestId: request.id, actor: siteAdmin, meta, decision: { kind: 'approve' } });
    expect(approved.status).toBe('APPROVED');
    expect(await db().logAccessGrant.count({ where: { installationId: installation.id } })).toBe(1);
    const audit = await auditOf(installation.id);
    expect(audit.map((a) => a.action)).toEqual(['ACCESS_REQUESTED', 'LOG_ACCESS_ENABLED', 'ACCESS_REQUEST_APPROVED']);
    expect(audit[2]?.details).toMatchObject({ alreadyShared: true });
  });

  it('approves with the end date the admin chose, and refuses a requested end date that has passed', async () => {
    const installation = await installationOf('Timesheet Pro', 'lumen.atlassian.net', 'DEVELOPMENT');
    const start = new Date();
    const request = await createAccessRequest({
      installationId: installation.id,
      actor: devLumen,
      meta,
      reason: REASON,
      expiresAt: new Date(start.getTime() + HOUR),
      now: start,
    });
    const later = new Date(start.getTime() + 2 * HOUR);
    await expect(decideAccessRequest({ requestId: request.id, actor: admin, meta, decision: { kind: 'approve' }, now: later })).rejects.toMatchObject({
      code: 'unprocessable',
    });
    const approved = await decideAccessRequest({ requestId: request.id, actor: admin, meta, decision: { kind: 'approve', expiresAt: null }, now: later });
    expect(approved.status).toBe('APPROVED');
    const grant = await db().logAccessGrant.findFirstOrThrow({ where: { installationId: installation.id } });
    expect(grant).toMatchObject({ expiresAt: null, source: 'ACCESS_REQUEST', accessRequestId: request.id });
  });

  it('records the request’s justification with every read made under the grant it became, and refuses a customer report without its ticket', async () => {
    const installation = await db().installation.findFirstOrThrow({
      where: { uninstalledAt: null, app: { isPaid: true, vendor: { name: 'Lumen Software' } }, grants: { none: { disabledAt: null } }, accessRequests: { none: { status: 'PENDING' } } },
    });
    await expect(createAccessRequest({ installationId: installation.id, actor: devLumen, meta, reason: REASON, reasonCode: 'customer_reported', expiresAt: null })).rejects.toMatchObject({ code: 'bad_request' });
    const request = await createAccessRequest({ installationId: installation.id, actor: devLumen, meta, reason: REASON, reasonCode: 'customer_reported', ticketReference: 'SUP-4821', expiresAt: null });
    expect(request).toMatchObject({ reasonCode: 'CUSTOMER_REPORTED', ticketReference: 'SUP-4821' });
    const [asked] = await auditOf(installation.id);
    expect(asked?.details).toMatchObject({ justification: { code: 'customer_reported', ticket: 'SUP-4821' } });
    await decideAccessRequest({ requestId: request.id, actor: admin, meta, decision: { kind: 'approve' } });
    // Another site of the app shares because its admins chose to, with no request.
    const byAdmins = await db().installation.findFirstOrThrow({ where: { appId: installation.appId, id: { not: installation.id }, uninstalledAt: null, grants: { none: { disabledAt: null } } } });
    await enableLogAccess({ installationId: byAdmins.id, actor: admin, meta, expiresAt: null });

    const viewer = await vendorViewer('dev@lumen.example');
    const sources = await findAppLogSources({ appId: installation.appId });
    const source = sources.shared.find((s) => s.installationId === installation.id);
    expect(source?.justification).toEqual({ code: 'customer_reported', ticket: 'SUP-4821' });
    // A site whose admins shared without a request carries none.
    const shared = sources.shared.find((s) => s.installationId === byAdmins.id);
    expect(shared).toBeDefined();
    expect(shared?.justification).toBeUndefined();
    const query = appLogQuerySchema.parse({ from: new Date(Date.now() - 7 * 24 * HOUR).toISOString(), to: new Date().toISOString() });
    await readAppLogs({ viewer, sources, query, meta });
    const reads = await db().auditEvent.findMany({ where: { action: 'VENDOR_LOGS_READ', installationId: { in: sources.shared.map((s) => s.installationId) } }, orderBy: { id: 'desc' }, take: sources.shared.length });
    for (const read of reads) {
      const details = read.details as { justification?: unknown };
      expect(details.justification).toEqual(sources.shared.find((s) => s.installationId === read.installationId)?.justification);
    }
    expect(reads.map((r) => r.installationId)).toContain(installation.id);
  });
});
