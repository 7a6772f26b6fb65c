import { describe, expect, it } from 'vitest';
import { grantIsActive } from '@/lib/auth/permissions';
import { logAccessState } from '@/lib/installations/log-access-state';

const now = new Date('2026-11-25T12:00:00.000Z');
const grant = (over: Partial<{ enabledAt: Date; expiresAt: Date | null; disabledAt: Date | null }>) => ({
  enabledAt: new Date('2026-11-01T00:00:00.000Z'),
  expiresAt: null,
  disabledAt: null,
  ...over,
});

describe('log access state', () => {
  it('is not available for free apps whatever the grants say', () => {
    expect(logAccessState({ isPaid: false, grants: [grant({})], now })).toEqual({ kind: 'not-available' });
  });

  it('is shared while a grant is open, with its expiry', () => {
    const expiresAt = new Date('2026-12-01T00:00:00.000Z');
    expect(logAccessState({ isPaid: true, grants: [grant({ expiresAt })], now })).toEqual({
      kind: 'shared',
      since: '2026-11-01T00:00:00.000Z',
      until: '2026-12-01T00:00:00.000Z',
      scope: null,
    });
  });

  it('says the open grant’s scope', () => {
    expect(logAccessState({ isPaid: true, grants: [{ ...grant({}), scope: { minLevel: 'error' } }], now })).toMatchObject({ kind: 'shared', scope: { minLevel: 'error' } });
  });

  it('counts an expired or disabled grant as not shared, at the exact instant', () => {
    expect(grantIsActive(grant({ expiresAt: now }), now)).toBe(false);
    expect(grantIsActive(grant({ expiresAt: new Date(now.getTime() + 1) }), now)).toBe(true);
    expect(logAccessState({ isPaid: true, grants: [grant({ disabledAt: now })], now })).toEqual({ kind: 'not-shared' });
    expect(logAccessState({ isPaid: true, grants: [], now })).toEqual({ kind: 'not-shared' });
  });
});
