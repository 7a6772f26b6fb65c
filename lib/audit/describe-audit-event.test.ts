import { describe, expect, it } from 'vitest';
import { auditActionLabel, describeAuditDetails } from '@/lib/audit/describe-audit-event';

describe('audit wording', () => {
  it('labels actions and falls back to the raw name', () => {
    expect(auditActionLabel('LOG_ACCESS_DISABLED')).toBe('Log access disabled');
    expect(auditActionLabel('SOMETHING_NEW')).toBe('SOMETHING_NEW');
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
});
