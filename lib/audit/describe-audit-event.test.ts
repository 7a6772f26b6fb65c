import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditActionLabel, describeAuditDetails, isAuditAction } from '@/lib/audit/describe-audit-event';
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

  it('describes vendor reads and downloads with their line counts', () => {
    expect(
      describeAuditDetails('VENDOR_LOGS_READ', { appName: 'Timesheet Pro', kind: 'page', lines: 1240, from: '2026-11-24T09:00:00.000Z', to: '2026-11-24T12:00:00.000Z' }),
    ).toBe('Timesheet Pro · read 1,240 lines from 24 Nov 2026, 09:00 UTC to 24 Nov 2026, 12:00 UTC');
    expect(describeAuditDetails('VENDOR_LOGS_READ', { appName: 'Timesheet Pro', kind: 'tail', lines: 1, from: null, to: '2026-11-24T12:00:00.000Z' })).toBe(
      'Timesheet Pro · read 1 line in a live tail',
    );
    expect(
      describeAuditDetails('LOGS_DOWNLOADED', { appName: 'Release Radar', kind: 'export', lines: 3, format: 'csv', masked: true, from: '2026-11-24T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' }),
    ).toBe('Release Radar · read 3 lines from 24 Nov 2026, 00:00 UTC to 25 Nov 2026, 00:00 UTC as CSV, masked');
    expect(
      describeAuditDetails('VENDOR_LOGS_READ', { appName: 'Timesheet Pro', kind: 'context', lines: 51, at: '2026-11-24T09:00:00.000Z', line: 'abc', before: 25, after: 25 }),
    ).toBe('Timesheet Pro · read 51 lines around a line of 24 Nov 2026, 09:00 UTC');
  });

  it('describes invitations and membership changes', () => {
    expect(auditActionLabel('VENDOR_INVITATION_SENT')).toBe('Member invited');
    expect(describeAuditDetails('VENDOR_INVITATION_SENT', { email: 'dana@example.com', role: 'DEVELOPER', expiresAt: '2026-12-09T08:00:00.000Z' })).toBe('dana@example.com · developer');
    expect(describeAuditDetails('VENDOR_MEMBER_ROLE_CHANGED', { email: 'dana@example.com', previousRole: 'DEVELOPER', role: 'VIEWER' })).toBe('dana@example.com · developer → viewer');
    expect(describeAuditDetails('VENDOR_MEMBER_REMOVED', { email: 'dana@example.com', previousRole: 'OWNER' })).toBe('dana@example.com · owner');
  });
});
