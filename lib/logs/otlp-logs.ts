import type { LogLineJson } from '@/lib/logs/log-line-json';

// Log lines in the OpenTelemetry OTLP/JSON logs shape (ExportLogsServiceRequest):
// one resourceLogs entry per site and environment, severity numbers per the
// OpenTelemetry log data model, times in Unix nanoseconds as strings.
// Attribute names of the current semantic conventions: faas.invocation.id,
// deployment.environment.name, and code.function.name fully qualified
// ("module.function", which the portal's OTLP ingest splits back).

type Line = Omit<LogLineJson, 'id' | 'attributes' | 'personalData'> & { site: string; environment: string; product: string };

const severity: Record<string, [number, string]> = {
  trace: [1, 'TRACE'],
  debug: [5, 'DEBUG'],
  info: [9, 'INFO'],
  warn: [13, 'WARN'],
  error: [17, 'ERROR'],
};

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

export function toOtlpLogs(lines: Line[]) {
  const groups = new Map<string, Line[]>();
  for (const line of lines) {
    const key = `${line.site}|${line.environment}|${line.product}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  return {
    resourceLogs: [...groups.values()].map((group) => {
      const first = group[0]!;
      return {
        resource: {
          attributes: [str('site', first.site), str('deployment.environment.name', first.environment), str('atlassian.product', first.product.toLowerCase())],
        },
        scopeLogs: [
          {
            scope: { name: 'logshare' },
            logRecords: group.map((line) => {
              const [number, text] = severity[line.level] ?? [0, line.level.toUpperCase()];
              const attributes = [
                line.invocationId && str('faas.invocation.id', line.invocationId),
                line.function && str('code.function.name', line.module ? `${line.module}.${line.function}` : line.function),
                // A module without a function: no current attribute names it alone.
                line.module && !line.function && str('code.namespace', line.module),
                line.appVersion && str('service.version', line.appVersion),
              ].filter(Boolean);
              return {
                timeUnixNano: (BigInt(Date.parse(line.timestamp)) * 1_000_000n).toString(),
                severityNumber: number,
                severityText: text,
                body: { stringValue: line.message },
                attributes,
                ...(line.traceId && /^[0-9a-f]{32}$/i.test(line.traceId) ? { traceId: line.traceId.toLowerCase() } : {}),
              };
            }),
          },
        ],
      };
    }),
  };
}
