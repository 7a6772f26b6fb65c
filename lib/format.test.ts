import { describe, expect, it } from 'vitest';
import { environmentLabel, formatUtcDate, formatUtcDateTime, productLabel } from '@/lib/format';

describe('formats', () => {
  it('shows instants as UTC whatever the machine zone', () => {
    expect(formatUtcDate('2026-11-24T23:30:00.000Z')).toBe('24 Nov 2026');
    expect(formatUtcDateTime('2026-11-24T23:30:00.000Z')).toBe('24 Nov 2026, 23:30 UTC');
  });

  it('labels products and environments', () => {
    expect(productLabel('JIRA_SERVICE_MANAGEMENT')).toBe('Jira Service Management');
    expect(environmentLabel('PRODUCTION')).toBe('Production');
  });
});
