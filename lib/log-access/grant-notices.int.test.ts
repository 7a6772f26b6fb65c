import { beforeAll, describe, expect, it } from 'vitest';
import { createAccessRequest } from '@/lib/access-requests/create-access-request';
import { decideAccessRequest } from '@/lib/access-requests/decide-access-request';
import { listAccessRequests } from '@/lib/access-requests/list-access-requests';
import { recordVendorReads, type VendorRead } from '@/lib/audit/record-vendor-reads';
import { db } from '@/lib/db/prisma';
import type { Prisma } from '@/lib/generated/prisma/client';
import { seedDemo } from '@/lib/demo/seed-demo';
import { disableLogAccess, enableLogAccess } from '@/lib/log-access/change-log-access';
import { sendGrantEndingNotices } from '@/lib/log-access/send-grant-ending-notices';
import { settleAllExpiredGrants } from '@/lib/log-access/settle-expired-grants';
import { auditOfInstallation as auditOf } from '@/lib/test-support/audit';
import { installationOf } from '@/lib/test-support/demo-lookups';
import { meta, person, type Person } from '@/lib/test-support/identities';

// Notices before and after a grant: the day-before notice, extension
// requests, and the summary of the vendor's reads once the grant ended.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const REASON = 'The payroll export still fails now and then; we need a few more days of logs.';

type Installation = Awaited<ReturnType<typeof installationOf>>;

async function openGrant(installationId: string) {
  return db().logAccessGrant.findFirstOrThrow({ where: { installationId, disabledAt: null } });
}

async function actionsOf(installationId: string) {
  return (await auditOf(installationId)).map((a) => a.action);
}

describe('grant notices', () => {
  let admin: Person;
  let devLumen: Person;
  let devGlobex: Person;
  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 500, reset: true });
    [admin, devLumen, devGlobex] = await Promise.all([person('admin@acme.example'), person('dev@lumen.example'), person('dev@globex.example')]);
  });

  describe('the day-before notice', () => {
    it('goes to the site’s admins and the vendor’s members once, when the end is within a day, with an audit row', async () => {
      const installation = await installationOf('Timesheet Pro', 'acme-eu.atlassian.net');
      const now = new Date();
      const expiresAt = new Date(now.getTime() + 36 * HOUR);
      await enableLogAccess({ installationId: installation.id, actor: admin, meta, expiresAt, now });
      const grant = await openGrant(installation.id);

      await sendGrantEndingNotices(now);
      expect((await openGrant(installation.id)).noticeSentAt).toBeNull();

      const at = new Date(now.getTime() + 13 * HOUR);
      await sendGrantEndingNotices(at);
      await sendGrantEndingNotices(new Date(at.getTime() + HOUR));
      const noticed = await openGrant(installation.id);
      expect(noticed.noticeSentAt?.toISOString()).toBe(at.toISOString());
      expect(noticed.noticeExpiresAt?.toISOString()).toBe(expiresAt.toISOString());

      const emails = await db().outboxEmail.findMany({ where: { subject: { contains: 'Timesheet Pro' }, body: { contains: 'until' }, siteId: installation.siteId, createdAt: { gte: now } } });
      const notices = emails.filter((e) => e.subject.includes('ends on'));
      expect(notices.map((e) => e.to).sort()).toEqual(['admin@acme.example', 'dev@lumen.example', 'owner@lumen.example', 'siteadmin@acme.example']);
      const toAdmin = notices.find((e) => e.to === 'admin@acme.example')!;
      expect(toAdmin.subject).toMatch(/^Lumen Software's access to Timesheet Pro's logs on acme-eu\.atlassian\.net ends on \d+ \w+ \d{4}, \d\d:\d\d UTC$/);
      expect(toAdmin.body).toContain(`/admin/acme-eu.atlassian.net/apps/${installation.id}`);
      const toVendor = notices.find((e) => e.to === 'dev@lumen.example')!;
      expect(toVendor.subject).toMatch(/^Your access to Timesheet Pro's logs on acme-eu\.atlassian\.net ends on/);
      expect(toVendor.body).toContain(`/console/apps/${installation.appId}`);

      const rows = (await auditOf(installation.id)).filter((a) => a.action === 'LOG_ACCESS_ENDING_NOTICE_SENT');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        actorUserId: null,
        actorLabel: 'Logshare',
        details: { grantId: grant.id, expiresAt: expiresAt.toISOString(), sentTo: ['admin@acme.example', 'siteadmin@acme.example'], vendorMembersTold: 2 },
      });
      await disableLogAccess({ installationId: installation.id, actor: admin, meta, now: new Date(at.getTime() + 2 * HOUR) });
    });

    it('is sent once when several servers run the job at the same moment', async () => {
      const installation = await installationOf('Release Radar', 'acme-eu.atlassian.net');
      const now = new Date();
      await enableLogAccess({ installationId: installation.id, actor: admin, meta, expiresAt: new Date(now.getTime() + 6 * HOUR), now });
      await Promise.all(Array.from({ length: 4 }, () => sendGrantEndingNotices(now)));
      expect((await actionsOf(installation.id)).filter((a) => a === 'LOG_ACCESS_ENDING_NOTICE_SENT')).toHaveLength(1);
      expect(await db().outboxEmail.count({ where: { subject: { contains: "Release Radar's logs on acme-eu.atlassian.net ends on" }, createdAt: { gte: now } } })).toBe(3);
      await disableLogAccess({ installationId: installation.id, actor: admin, meta });
    });

    it('never goes out for a grant without an end date', async () => {
      const installation = await installationOf('Bulk Importer', 'acme-eu.atlassian.net');
      await enableLogAccess({ installationId: installation.id, actor: admin, meta, expiresAt: null });
      await sendGrantEndingNotices(new Date(Date.now() + 300 * DAY));
      expect((await openGrant(installation.id)).noticeSentAt).toBeNull();
      expect(await actionsOf(installation.id)).not.toContain('LOG_ACCESS_ENDING_NOTICE_SENT');
      await disableLogAccess({ installationId: installation.id, actor: admin, meta });
    });
  });

  describe('extension requests', () => {
    let installation: Installation;
    beforeAll(async () => {
      installation = await installationOf('Release Radar', 'acme.atlassian.net');
    });

    it('asks for more time on the grant, the admin sees which grant, and approving moves its end (no second grant); the notice follows the new end', async () => {
      const now = new Date();
      const endsAt = new Date(now.getTime() + 20 * HOUR);
      await enableLogAccess({ installationId: installation.id, actor: admin, meta, expiresAt: endsAt, now });
      const grant = await openGrant(installation.id);
      await sendGrantEndingNotices(now);
      expect((await openGrant(installation.id)).noticeExpiresAt?.toISOString()).toBe(endsAt.toISOString());

      // A second request for access while it is shared is refused; more time is what to ask for.
      await expect(createAccessRequest({ installationId: installation.id, actor: devGlobex, meta, reason: REASON, expiresAt: null })).rejects.toMatchObject({ code: 'conflict' });
      await expect(
        createAccessRequest({ installationId: installation.id, actor: devGlobex, meta, reason: REASON, expiresAt: new Date(now.getTime() + 10 * HOUR), extendsGrantId: grant.id }),
      ).rejects.toMatchObject({ code: 'unprocessable', message: expect.stringContaining("after the grant's current end") });
      await expect(
        createAccessRequest({ installationId: installation.id, actor: devGlobex, meta, reason: REASON, expiresAt: new Date(now.getTime() + 3 * DAY), extendsGrantId: 'nosuchgrant' }),
      ).rejects.toMatchObject({ code: 'not_found' });

      const wanted = new Date(now.getTime() + 3 * DAY);
      const request = await createAccessRequest({
        installationId: installation.id,
        actor: devGlobex,
        meta,
        reason: REASON,
        reasonCode: 'customer_reported',
        ticketReference: 'SUP-77',
        expiresAt: wanted,
        extendsGrantId: grant.id,
      });
      expect(request).toMatchObject({ status: 'PENDING', extendsGrantId: grant.id });
      expect(request.extendsGrantEndsAt?.toISOString()).toBe(endsAt.toISOString());
      const [listed] = await listAccessRequests({ scope: { installationId: installation.id }, view: 'admin', status: 'pending' });
      expect(listed?.extendsGrant).toEqual({ id: grant.id, endsAt: endsAt.toISOString() });
      const email = await db().outboxEmail.findFirstOrThrow({ where: { to: 'admin@acme.example', body: { contains: REASON } } });
      expect(email.subject).toBe("Globex asks for more time with Release Radar's logs on acme.atlassian.net");
      expect(email.body).toContain('asks to extend their access to the logs of Release Radar');

      const approved = await decideAccessRequest({ requestId: request.id, actor: admin, meta, decision: { kind: 'approve' } });
      expect(approved.status).toBe('APPROVED');
      const grants = await db().logAccessGrant.findMany({ where: { installationId: installation.id } });
      expect(grants).toHaveLength(1);
      expect(grants[0]).toMatchObject({ id: grant.id, disabledAt: null, accessRequestId: null });
      expect(grants[0]!.expiresAt?.toISOString()).toBe(wanted.toISOString());

      const audit = await auditOf(installation.id);
      const requested = audit.find((a) => a.action === 'ACCESS_REQUESTED')!;
      expect(requested.details).toMatchObject({ extendsGrantId: grant.id, grantExpiresAt: endsAt.toISOString(), expiresAt: wanted.toISOString() });
      const [enabledAgain, decided] = audit.slice(-2);
      expect(enabledAgain).toMatchObject({ action: 'LOG_ACCESS_ENABLED', actorUserId: admin.id });
      expect(enabledAgain!.details).toMatchObject({ grantId: grant.id, accessRequestId: request.id, previousExpiresAt: endsAt.toISOString(), expiresAt: wanted.toISOString() });
      expect(decided).toMatchObject({ action: 'ACCESS_REQUEST_APPROVED' });
      expect(decided!.details).toMatchObject({ grantId: grant.id, extendsGrantId: grant.id, previousExpiresAt: endsAt.toISOString() });

      // The notice of the old end does not repeat; the new end is announced when it is within a day.
      await sendGrantEndingNotices(new Date(now.getTime() + HOUR));
      expect(audit.filter((a) => a.action === 'LOG_ACCESS_ENDING_NOTICE_SENT')).toHaveLength(1);
      expect((await actionsOf(installation.id)).filter((a) => a === 'LOG_ACCESS_ENDING_NOTICE_SENT')).toHaveLength(1);
      await sendGrantEndingNotices(new Date(wanted.getTime() - 12 * HOUR));
      expect((await actionsOf(installation.id)).filter((a) => a === 'LOG_ACCESS_ENDING_NOTICE_SENT')).toHaveLength(2);
      expect((await openGrant(installation.id)).noticeExpiresAt?.toISOString()).toBe(wanted.toISOString());
      await disableLogAccess({ installationId: installation.id, actor: admin, meta });
    });

    it('is refused for a grant without an end date, and once the grant has ended', async () => {
      await enableLogAccess({ installationId: installation.id, actor: admin, meta, expiresAt: null });
      const open = await openGrant(installation.id);
      await expect(
        createAccessRequest({ installationId: installation.id, actor: devGlobex, meta, reason: REASON, expiresAt: new Date(Date.now() + DAY), extendsGrantId: open.id }),
      ).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('no end date') });
      await disableLogAccess({ installationId: installation.id, actor: admin, meta });
      await expect(
        createAccessRequest({ installationId: installation.id, actor: devGlobex, meta, reason: REASON, expiresAt: new Date(Date.now() + DAY), extendsGrantId: open.id }),
      ).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('has ended') });
    });

    it('follows the organization’s policy: the longest grant, never-shared vendors and approval by policy', async () => {
      const organizationId = (await db().site.findFirstOrThrow({ where: { url: 'acme.atlassian.net' } })).organizationId;
      const globex = await db().vendor.findFirstOrThrow({ where: { slug: 'globex' } });
      const policy = (data: Prisma.OrganizationUpdateInput) => db().organization.update({ where: { id: organizationId }, data });
      try {
        await policy({ maxGrantDays: 7 });
        const now = new Date();
        await enableLogAccess({ installationId: installation.id, actor: admin, meta, expiresAt: new Date(now.getTime() + 2 * DAY), now });
        const grant = await openGrant(installation.id);
        const ask = (days: number) =>
          createAccessRequest({ installationId: installation.id, actor: devGlobex, meta, reason: REASON, reasonCode: 'vendor_detected', expiresAt: new Date(now.getTime() + days * DAY), extendsGrantId: grant.id, now });

        // Too long for the policy: the admin's approval is a 422 naming the limit, as for any request.
        const tooLong = await ask(30);
        await expect(decideAccessRequest({ requestId: tooLong.id, actor: admin, meta, decision: { kind: 'approve' } })).rejects.toMatchObject({ code: 'unprocessable', message: expect.stringContaining('at most 7 days') });
        await decideAccessRequest({ requestId: tooLong.id, actor: admin, meta, decision: { kind: 'decline', note: 'Seven days at most.' } });

        // Approved by the policy: at once, within its longest grant.
        await policy({ autoApproveVendorIds: [globex.id], autoApproveReasonCodes: ['VENDOR_DETECTED'] });
        const byPolicy = await ask(30);
        expect(byPolicy).toMatchObject({ status: 'APPROVED', decisionNote: "Approved by Acme's policy." });
        expect((await openGrant(installation.id)).expiresAt?.toISOString()).toBe(new Date(now.getTime() + 7 * DAY).toISOString());
        const approvedByPolicy = (await auditOf(installation.id)).find((a) => a.action === 'ACCESS_REQUEST_APPROVED' && (a.details as { accessRequestId?: string }).accessRequestId === byPolicy.id);
        expect(approvedByPolicy).toMatchObject({ actorLabel: "Acme's policy", details: { byPolicy: true, extendsGrantId: grant.id } });

        // A vendor the organization never shares with cannot ask for more time either.
        await policy({ autoApproveVendorIds: [], autoApproveReasonCodes: [], neverShareVendorIds: [globex.id] });
        await expect(ask(8)).rejects.toMatchObject({ code: 'forbidden' });
      } finally {
        await policy({ maxGrantDays: null, autoApproveVendorIds: [], autoApproveReasonCodes: [], neverShareVendorIds: [] });
        await disableLogAccess({ installationId: installation.id, actor: admin, meta });
      }
    });
  });

  describe('the summary after a grant ends', () => {
    function read(installation: Installation & { site: { organizationId: string } }, viewer: Person, kind: VendorRead['kind'], details: VendorRead['details'], lines: number) {
      return recordVendorReads({
        viewer,
        app: { id: installation.appId, name: installation.app.name, vendorId: installation.app.vendorId },
        sources: [{ installationId: installation.id, siteId: installation.siteId, organizationId: installation.site.organizationId }],
        kind,
        details,
        meta,
        linesPerInstallation: new Map([[installation.id, lines]]),
      });
    }

    it('tells the site’s admins what the vendor read under the grant once it is turned off: reads, lines, ranges, exports', async () => {
      const installation = { ...(await installationOf('Timesheet Pro', 'acme.atlassian.net')), site: await db().site.findFirstOrThrow({ where: { url: 'acme.atlassian.net' } }) };
      const before = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' };
      // A read of an earlier grant: not under this one.
      await db().auditEvent.create({
        data: {
          action: 'VENDOR_LOGS_READ',
          actorUserId: devLumen.id,
          actorLabel: 'Devon Lee (dev@lumen.example)',
          installationId: installation.id,
          siteId: installation.siteId,
          details: { kind: 'page', lines: 999, ...before },
          occurredAt: new Date(Date.now() - 60_000),
        },
      });
      await enableLogAccess({ installationId: installation.id, actor: admin, meta, expiresAt: null });

      await read(installation, devLumen, 'page', { from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' }, 200);
      await read(installation, devLumen, 'page', { from: '2026-11-20T12:00:00.000Z', to: '2026-11-22T00:00:00.000Z' }, 150);
      await read(installation, devLumen, 'counts', { from: '2026-11-25T00:00:00.000Z', to: '2026-11-26T00:00:00.000Z' }, 5000);
      await read(installation, devLumen, 'export', { from: '2026-11-25T00:00:00.000Z', to: '2026-11-26T00:00:00.000Z', format: 'csv', masked: true, completed: true }, 1234);
      await read(installation, devLumen, 'export', { from: '2026-11-25T00:00:00.000Z', to: '2026-11-26T00:00:00.000Z', format: 'ndjson', masked: false, completed: true }, 10);
      await read(installation, devLumen, 'tail', { from: null, to: new Date().toISOString() }, 6);
      const grant = await openGrant(installation.id);

      await disableLogAccess({ installationId: installation.id, actor: admin, meta });
      const ended = await db().logAccessGrant.findUniqueOrThrow({ where: { id: grant.id } });
      expect(ended.summarySentAt).not.toBeNull();

      const emails = await db().outboxEmail.findMany({ where: { subject: { contains: "Timesheet Pro's logs on acme.atlassian.net ended" } } });
      expect(emails.map((e) => e.to)).toEqual(['admin@acme.example']);
      const body = emails[0]!.body;
      expect(emails[0]!.subject).toBe("Lumen Software's access to Timesheet Pro's logs on acme.atlassian.net ended: what they read");
      expect(body).toContain(`${admin.name} (${admin.email}) turned it off`);
      expect(body).toContain('- 6 reads: 2 exports, 2 viewer pages, 1 chart and facets view, 1 live tail');
      expect(body).toContain('- 1,600 lines served'); // 200 + 150 + 1,234 + 10 + 6; the chart's 5,000 counted lines are not served
      expect(body).toContain('Devon Lee (dev@lumen.example) (6 reads)');
      expect(body).toContain('    20 Nov 2026, 00:00 to 22 Nov 2026, 00:00 UTC'); // two overlapping pages, joined
      expect(body).toContain('    25 Nov 2026, 00:00 to 26 Nov 2026, 00:00 UTC');
      expect(body).not.toContain('1 Nov 2026');
      expect(body).toMatch(/by Devon Lee \(dev@lumen\.example\): 25 Nov 2026, 00:00 to 26 Nov 2026, 00:00 UTC, CSV, masked, 1,234 lines/);
      expect(body).toMatch(/NDJSON, not masked, 10 lines/);
      expect(body).toContain(`/admin/acme.atlassian.net/audit?from=`);

      const summary = (await auditOf(installation.id)).filter((a) => a.action === 'LOG_ACCESS_SUMMARY_SENT');
      expect(summary).toHaveLength(1);
      expect(summary[0]!.details).toMatchObject({ grantId: grant.id, reads: 6, linesServed: 1600, exports: 2, sentTo: ['admin@acme.example'] });
    });

    it('is written once when two settle runs end the same expired grant at the same time', async () => {
      const installation = { ...(await installationOf('Sprint Insights', 'acme.atlassian.net')), site: await db().site.findFirstOrThrow({ where: { url: 'acme.atlassian.net' } }) };
      const now = new Date();
      await enableLogAccess({ installationId: installation.id, actor: admin, meta, expiresAt: new Date(now.getTime() + HOUR), now });
      await read(installation, devGlobex, 'page', { from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' }, 42);
      const later = new Date(now.getTime() + 2 * HOUR);
      await Promise.all([settleAllExpiredGrants(later), settleAllExpiredGrants(later), settleAllExpiredGrants(later)]);

      const actions = await actionsOf(installation.id);
      expect(actions.filter((a) => a === 'LOG_ACCESS_EXPIRED')).toHaveLength(1);
      expect(actions.filter((a) => a === 'LOG_ACCESS_SUMMARY_SENT')).toHaveLength(1);
      const emails = await db().outboxEmail.findMany({ where: { subject: { contains: "Sprint Insights's logs on acme.atlassian.net ended" } } });
      expect(emails).toHaveLength(1);
      expect(emails[0]!.body).toContain('its end date passed');
      expect(emails[0]!.body).toContain('- 1 read: 1 viewer page');
      expect(emails[0]!.body).toContain('- 42 lines served');
    });

    it('never keeps access from ending: a summary that cannot be made is left out, and the grant ends', async () => {
      const installation = await installationOf('Bulk Importer', 'initech.atlassian.net');
      await enableLogAccess({ installationId: installation.id, actor: admin, meta, expiresAt: null });
      const grant = await openGrant(installation.id);
      // A read row whose range looks like an instant but is none: the summary's cast of it fails.
      await db().auditEvent.create({
        data: { action: 'VENDOR_LOGS_READ', actorLabel: 'Broken Row', installationId: installation.id, siteId: installation.siteId, details: { kind: 'page', lines: 1, from: '2026-13-45T00:00:00Z', to: '2026-13-46T00:00:00Z' } },
      });
      const initechAdmin = await person('admin@initech.example');
      expect((await disableLogAccess({ installationId: installation.id, actor: initechAdmin, meta })).changed).toBe(true);
      const ended = await db().logAccessGrant.findUniqueOrThrow({ where: { id: grant.id } });
      expect(ended.disabledAt).not.toBeNull();
      expect(ended.summarySentAt).toBeNull();
      expect(await actionsOf(installation.id)).toEqual(['LOG_ACCESS_ENABLED', 'VENDOR_LOGS_READ', 'LOG_ACCESS_DISABLED']);
    });

    it('says so when the vendor read nothing', async () => {
      const installation = await installationOf('Test Case Manager', 'acme.atlassian.net');
      await enableLogAccess({ installationId: installation.id, actor: admin, meta, expiresAt: null });
      await disableLogAccess({ installationId: installation.id, actor: admin, meta });
      const email = await db().outboxEmail.findFirstOrThrow({ where: { subject: { contains: "Test Case Manager's logs on acme.atlassian.net ended" } } });
      expect(email.body).toContain('Northwind Labs read nothing under it.');
    });
  });
});
