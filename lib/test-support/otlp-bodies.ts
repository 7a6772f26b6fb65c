import { otlpMessages } from '@/lib/ingest/otlp-proto-schema';

// Lines (the bench's, a test's) as an OpenTelemetry SDK would export them: one
// ExportLogsServiceRequest per batch, each line a log record with the
// attributes the portal maps (installation, invocation, code.function.name,
// service.version on the resource) and the line's own attributes; in OTLP/JSON
// and in protobuf (the body of OTLP/HTTP protobuf and of OTLP/gRPC alike).

const SEVERITY: Record<string, number> = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17 };

type AnyValue = { stringValue: string } | { intValue: string };
const value = (v: unknown): AnyValue => (typeof v === 'number' ? { intValue: String(v) } : { stringValue: String(v) });

function exportRequest(lines: Record<string, unknown>[], traceId: (hex: string) => string | Buffer) {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench-app' } }, { key: 'service.version', value: { stringValue: '3.4.1' } }] },
        scopeLogs: [
          {
            scope: { name: 'bench' },
            logRecords: lines.map((line) => ({
              timeUnixNano: String(BigInt(Date.parse(line.timestamp as string)) * 1_000_000n),
              severityNumber: SEVERITY[line.level as string],
              severityText: line.level,
              body: { stringValue: line.message },
              traceId: traceId(line.traceId as string),
              attributes: [
                { key: 'logshare.installation.id', value: { stringValue: line.installationId } },
                { key: 'faas.invocation.id', value: { stringValue: line.invocationId } },
                { key: 'code.function.name', value: { stringValue: `${line.module as string}.${line.function as string}` } },
                ...Object.entries((line.attributes as Record<string, unknown> | undefined) ?? {}).map(([key, v]) => ({ key, value: value(v) })),
              ],
            })),
          },
        ],
      },
    ],
  };
}

export function otlpJsonBody(lines: Record<string, unknown>[]): string {
  return JSON.stringify(exportRequest(lines, (hex) => hex));
}

export function otlpProtobufBody(lines: Record<string, unknown>[]): Buffer {
  const type = otlpMessages.exportRequest;
  return Buffer.from(type.encode(type.fromObject(exportRequest(lines, (hex) => Buffer.from(hex, 'hex')))).finish());
}
