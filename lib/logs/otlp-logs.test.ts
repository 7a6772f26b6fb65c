import { describe, expect, it } from 'vitest';
import { toOtlpLogs } from '@/lib/logs/otlp-logs';

const line = {
  timestamp: '2026-11-24T13:05:00.123Z',
  level: 'warn',
  message: 'retrying',
  invocationId: 'inv-1',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  module: 'resolvers/timesheet',
  function: 'getWorklogs',
  appVersion: '3.4.1',
  site: 'acme.atlassian.net',
  environment: 'production',
  product: 'JIRA',
};

describe('OTLP/JSON logs', () => {
  it('groups by site and maps time, severity, body, trace and attributes', () => {
    const otlp = toOtlpLogs([line, { ...line, site: 'acme-eu.atlassian.net', level: 'error', traceId: 'not-hex' }]);
    expect(otlp.resourceLogs).toHaveLength(2);
    const record = otlp.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!;
    expect(record).toMatchObject({
      timeUnixNano: '1795525500123000000',
      severityNumber: 13,
      severityText: 'WARN',
      body: { stringValue: 'retrying' },
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
    // Current semantic-convention names; the ingest splits code.function.name back into module and function.
    expect(record.attributes).toEqual([
      { key: 'faas.invocation.id', value: { stringValue: 'inv-1' } },
      { key: 'code.function.name', value: { stringValue: 'resolvers/timesheet.getWorklogs' } },
      { key: 'service.version', value: { stringValue: '3.4.1' } },
    ]);
    expect(otlp.resourceLogs[0]!.resource.attributes).toContainEqual({ key: 'deployment.environment.name', value: { stringValue: 'production' } });
    expect(toOtlpLogs([{ ...line, function: null }]).resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.attributes).toContainEqual({ key: 'code.namespace', value: { stringValue: 'resolvers/timesheet' } });
    const second = otlp.resourceLogs[1]!.scopeLogs[0]!.logRecords[0]!;
    expect(second.severityNumber).toBe(17);
    expect('traceId' in second).toBe(false);
  });
});
