import { describe, expect, it } from 'vitest';
import { countPiiKindsSql, lineBytes, lineBytesSql, PII_STAT_COLUMNS } from '@/lib/logs/hourly-stats-sql';

describe('the hourly statistics SQL', () => {
  it('counts every PII kind by its bit, into its pii_<kind> column', () => {
    expect(PII_STAT_COLUMNS).toEqual(['pii_email', 'pii_ip', 'pii_token', 'pii_card', 'pii_phone']);
    expect(countPiiKindsSql('l')).toBe(
      'count(*) FILTER (WHERE l.pii_kinds & 1 <> 0) AS pii_email, count(*) FILTER (WHERE l.pii_kinds & 2 <> 0) AS pii_ip, ' +
        'count(*) FILTER (WHERE l.pii_kinds & 4 <> 0) AS pii_token, count(*) FILTER (WHERE l.pii_kinds & 8 <> 0) AS pii_card, ' +
        'count(*) FILTER (WHERE l.pii_kinds & 16 <> 0) AS pii_phone',
    );
  });

  it('counts a line\'s bytes as the UTF-8 length of its text fields, in TypeScript and in SQL', () => {
    const line = { message: 'héllo', invocationId: 'inv', traceId: null, module: 'm', function: 'fn', appVersion: null };
    expect(lineBytes(line)).toBe(6 + 3 + 0 + 1 + 2 + 0);
    expect(lineBytesSql()).toBe(
      'coalesce(octet_length(message), 0) + coalesce(octet_length(invocation_id), 0) + coalesce(octet_length(trace_id), 0) + ' +
        'coalesce(octet_length(module), 0) + coalesce(octet_length("function"), 0) + coalesce(octet_length(app_version), 0)',
    );
  });
});
