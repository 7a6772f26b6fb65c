import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditActionLabel, describeAuditDetails, describeAuditSession, isAuditAction } from '@/lib/audit/describe-audit-event';
import { AuditAction } from '@/lib/generated/prisma/enums';

describe('audit wording', () => {
  it('labels actions and falls back to the raw name', () => {
    expect(auditActionLabel('LOG_ACCESS_DISABLED')).toBe('Log access disabled');
    expect(auditActionLabel('SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });

  it('has a label for every action of the schema, and offers exactly those as filters', () => {
    expect([...AUDIT_ACTIONS].sort()).toEqual(Object.values(AuditAction).sort());
    for (const action of AUDIT_ACTIONS) expect(auditActionLabel(action)).not.toBe(action);
    expect(isAuditAction('constructor')).toBe(false);
    expect(auditActionLabel('toString')).toBe('toString');
  });

  it('describes grants, expiry and policy', () => {
    expect(describeAuditDetails('LOG_ACCESS_ENABLED', { appName: 'Timesheet Pro', expiresAt: null })).toBe('Timesheet Pro · no end date');
    expect(describeAuditDetails('LOG_ACCESS_ENABLED', { appName: 'Timesheet Pro', expiresAt: '2026-12-01T23:00:00.000Z', previousExpiresAt: null })).toBe(
      'Timesheet Pro · until 1 Dec 2026, 23:00 UTC · end date changed',
    );
    expect(describeAuditDetails('LOG_ACCESS_EXPIRED', { appName: 'Release Radar', expiresAt: '2026-12-01T00:00:00.000Z' })).toBe(
      'Release Radar · end date 1 Dec 2026, 00:00 UTC reached',
    );
    expect(describeAuditDetails('ORG_POLICY_CHANGED', { shareLogsByDefault: true })).toBe('new paid apps share logs by default');
  });

  it('describes access requests and the grants they lead to', () => {
    expect(describeAuditDetails('ACCESS_REQUESTED', { appName: 'Timesheet Pro', expiresAt: null, reason: 'Customer reports failed exports' })).toBe(
      'Timesheet Pro · asked with no end date · Customer reports failed exports',
    );
    expect(describeAuditDetails('ACCESS_REQUEST_APPROVED', { appName: 'Timesheet Pro', expiresAt: '2026-12-01T00:00:00.000Z', grantId: 'g1' })).toBe(
      'Timesheet Pro · shared until 1 Dec 2026, 00:00 UTC',
    );
    expect(describeAuditDetails('ACCESS_REQUEST_APPROVED', { appName: 'Timesheet Pro', alreadyShared: true })).toBe(
      'Timesheet Pro · logs were already shared, no new grant',
    );
    expect(describeAuditDetails('ACCESS_REQUEST_DECLINED', { appName: 'Timesheet Pro', note: 'Not during the audit' })).toBe(
      'Timesheet Pro · note: Not during the audit',
    );
    expect(describeAuditDetails('LOG_ACCESS_ENABLED', { appName: 'Timesheet Pro', expiresAt: null, accessRequestId: 'r1' })).toBe(
      'Timesheet Pro · no end date · on request of the vendor',
    );
    expect(describeAuditDetails('ACCESS_REQUEST_WITHDRAWN', { appName: 'Timesheet Pro' })).toBe('Timesheet Pro');
  });

  it('describes extension requests, their approval, and the notices before and after a grant ends', () => {
    expect(
      describeAuditDetails('ACCESS_REQUESTED', { appName: 'Release Radar', grantExpiresAt: '2026-12-04T00:00:00.000Z', expiresAt: '2026-12-10T00:00:00.000Z', extendsGrantId: 'g1' }),
    ).toBe('Release Radar · more time on the grant ending 4 Dec 2026, 00:00 UTC · asked until 10 Dec 2026, 00:00 UTC');
    expect(
      describeAuditDetails('ACCESS_REQUEST_APPROVED', { appName: 'Release Radar', expiresAt: '2026-12-10T00:00:00.000Z', previousExpiresAt: '2026-12-04T00:00:00.000Z', grantId: 'g1' }),
    ).toBe('Release Radar · extended until 10 Dec 2026, 00:00 UTC (was until 4 Dec 2026, 00:00 UTC)');
    expect(
      describeAuditDetails('ACCESS_REQUEST_APPROVED', { appName: 'Release Radar', expiresAt: '2026-12-03T00:00:00.000Z', previousExpiresAt: '2026-12-04T00:00:00.000Z', grantId: 'g1' }),
    ).toBe('Release Radar · end moved until 3 Dec 2026, 00:00 UTC (was until 4 Dec 2026, 00:00 UTC)');
    expect(
      describeAuditDetails('LOG_ACCESS_ENDING_NOTICE_SENT', { appName: 'Release Radar', expiresAt: '2026-12-04T00:00:00.000Z', sentTo: ['a@x.example', 'b@x.example'], vendorMembersTold: 1 }),
    ).toBe('Release Radar · ends 4 Dec 2026, 00:00 UTC · told 2 admins and 1 vendor member');
    expect(describeAuditDetails('LOG_ACCESS_SUMMARY_SENT', { appName: 'Release Radar', reads: 57, linesServed: 4230, exports: 1, sentTo: ['a@x.example'] })).toBe(
      'Release Radar · 57 reads, 4,230 lines served, 1 export · sent to 1 admin',
    );
  });

  it('describes vendor reads and downloads with their line counts', () => {
    expect(
      describeAuditDetails('VENDOR_LOGS_READ', { appName: 'Timesheet Pro', kind: 'page', lines: 1240, from: '2026-11-24T09:00:00.000Z', to: '2026-11-24T12:00:00.000Z' }),
    ).toBe('Timesheet Pro · read 1,240 lines from 24 Nov 2026, 09:00 UTC to 24 Nov 2026, 12:00 UTC');
    expect(describeAuditDetails('VENDOR_LOGS_READ', { appName: 'Timesheet Pro', kind: 'tail', lines: 1, from: null, to: '2026-11-24T12:00:00.000Z' })).toBe(
      'Timesheet Pro · read 1 line in a live tail',
    );
    expect(
      describeAuditDetails('ORG_POLICY_CHANGED', { shareLogsByDefault: false, neverShareWith: ['Globex'], maxGrantDays: 14, autoApprove: { vendors: ['Lumen Software'], reasonCodes: ['customer_reported', 'made_up'] } }),
    ).toBe('new paid apps do not share logs by default · never shares with Globex · grants last at most 14 days · approves requests from Lumen Software for customer-reported problem by itself');
    expect(
      describeAuditDetails('VENDOR_LOGS_READ', { appName: 'Timesheet Pro', kind: 'page', lines: 3, from: null, to: null, justification: { code: 'customer_reported', ticket: 'SUP-4821' } }),
    ).toBe('Timesheet Pro · read 3 lines · under a request: Customer-reported problem (ticket SUP-4821)');
    expect(describeAuditDetails('ACCESS_REQUESTED', { appName: 'Timesheet Pro', expiresAt: null, reason: 'Timeouts since Monday', justification: { code: 'vendor_detected', ticket: null } })).toBe(
      'Timesheet Pro · asked with no end date · Vendor-detected incident · Timeouts since Monday',
    );
    // Something else under the key (an older row, a hand-made one) is left out, not shown wrongly.
    expect(describeAuditDetails('VENDOR_LOGS_READ', { appName: 'A', kind: 'page', lines: 1, justification: { code: 'made_up' } })).toBe('A · read 1 line');
    expect(
      describeAuditDetails('VENDOR_LOGS_READ', { appName: 'Timesheet Pro', kind: 'count', lines: 0, matched: 10000, exact: false, from: '2026-11-24T09:00:00.000Z', to: '2026-11-24T12:00:00.000Z' }),
    ).toBe("Timesheet Pro · counted the matching lines (more than 10,000 over the app's sharing sites) from 24 Nov 2026, 09:00 UTC to 24 Nov 2026, 12:00 UTC");
    expect(
      describeAuditDetails('VENDOR_LOGS_READ', { appName: 'Timesheet Pro', kind: 'patterns', lines: 99_812, sampled: 0.125, from: '2026-11-24T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' }),
    ).toBe('Timesheet Pro · read 99,812 lines from 24 Nov 2026, 00:00 UTC to 25 Nov 2026, 00:00 UTC as patterns (a sample of 12.5%)');
    expect(describeAuditDetails('VENDOR_LOGS_READ', { appName: 'Timesheet Pro', kind: 'patterns', lines: 20, sampled: 1, from: null, to: null })).toBe(
      'Timesheet Pro · read 20 lines as patterns',
    );
    expect(
      describeAuditDetails('LOGS_DOWNLOADED', { appName: 'Release Radar', kind: 'export', lines: 3, format: 'csv', masked: true, from: '2026-11-24T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' }),
    ).toBe('Release Radar · read 3 lines from 24 Nov 2026, 00:00 UTC to 25 Nov 2026, 00:00 UTC as CSV, masked');
    expect(
      describeAuditDetails('VENDOR_LOGS_READ', { appName: 'Timesheet Pro', kind: 'counts', lines: 5273, from: '2026-11-24T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' }),
    ).toBe('Timesheet Pro · counted 5,273 lines from 24 Nov 2026, 00:00 UTC to 25 Nov 2026, 00:00 UTC for the volume chart and facets (repeats of this view within 10 minutes not listed)');
    expect(
      describeAuditDetails('VENDOR_LOGS_READ', { appName: 'Timesheet Pro', kind: 'context', lines: 51, at: '2026-11-24T09:00:00.000Z', line: 'abc', before: 25, after: 25 }),
    ).toBe('Timesheet Pro · read 51 lines around a line of 24 Nov 2026, 09:00 UTC');
  });

  it('says "not masked" in words for a download that was not masked', () => {
    expect(
      describeAuditDetails('LOGS_DOWNLOADED', { appName: 'Release Radar', kind: 'export', lines: 2, format: 'ndjson', masked: false, from: '2026-11-24T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' }),
    ).toBe('Release Radar · read 2 lines from 24 Nov 2026, 00:00 UTC to 25 Nov 2026, 00:00 UTC as NDJSON, not masked');
  });

  it('describes an export of the audit log with its rows and filters', () => {
    expect(describeAuditDetails('AUDIT_LOG_EXPORTED', { format: 'csv', rows: 1000, completed: true, filters: {} })).toBe('exported the audit log: 1,000 rows as CSV · no filters');
    expect(
      describeAuditDetails('AUDIT_LOG_EXPORTED', { format: 'ndjson', rows: 1, completed: false, filters: { from: '2026-11-24T00:00:00.000Z', action: 'LOGS_DOWNLOADED,VENDOR_LOGS_READ', q: 'timeout' } }),
    ).toBe('exported the audit log: 1 row as NDJSON (interrupted) · filters: from 24 Nov 2026, 00:00 UTC, action Logs downloaded, Vendor read logs, text "timeout"');
  });

  it('describes a session of vendor reads, within a day and across midnight', () => {
    expect(describeAuditSession({ reads: 57, lines: 4230, firstAt: '2026-11-24T09:10:00.000Z' }, '2026-11-24T09:42:30.000Z')).toBe(
      'read 4,230 lines in 57 requests between 09:10 and 09:42 UTC',
    );
    expect(describeAuditSession({ reads: 8, lines: 237, firstAt: '2026-11-24T16:40:01.000Z' }, '2026-11-24T16:40:59.000Z')).toBe('read 237 lines in 8 requests at 16:40 UTC');
    expect(describeAuditSession({ reads: 2, lines: 1, firstAt: '2026-11-24T23:50:00.000Z' }, '2026-11-25T00:10:00.000Z')).toBe(
      'read 1 line in 2 requests between 24 Nov 2026, 23:50 and 25 Nov 2026, 00:10 UTC',
    );
  });

  it('describes invitations and membership changes', () => {
    expect(auditActionLabel('VENDOR_INVITATION_SENT')).toBe('Member invited');
    expect(describeAuditDetails('VENDOR_INVITATION_SENT', { email: 'dana@example.com', role: 'DEVELOPER', expiresAt: '2026-12-09T08:00:00.000Z' })).toBe('dana@example.com · developer');
    expect(describeAuditDetails('VENDOR_MEMBER_ROLE_CHANGED', { email: 'dana@example.com', previousRole: 'DEVELOPER', role: 'VIEWER' })).toBe('dana@example.com · developer → viewer');
    expect(describeAuditDetails('VENDOR_MEMBER_REMOVED', { email: 'dana@example.com', previousRole: 'OWNER' })).toBe('dana@example.com · owner');
  });
});
