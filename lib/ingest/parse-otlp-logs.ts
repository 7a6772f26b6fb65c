import { z } from 'zod';
import { AppError } from '@/lib/api/errors';
import { candidateOf, type LineCandidate, type ParsedBatch, type Rejection } from '@/lib/ingest/line-candidate';
import { describeIssues, hasNul, NUL_ERROR, parseIngestLine } from '@/lib/validations/ingest';

// OTLP/HTTP JSON (ExportLogsServiceRequest) onto Logshare lines. Each log
// record becomes a line checked by the same schema as NDJSON; `line` in a
// rejection is the record's 1-based position in the request. Attribute names:
// logshare.installation.id / logshare.site.url (record or resource) pick the
// installation; service.version, code.namespace, code.function(.name),
// faas.invocation_id / logshare.invocation.id fill their fields; spanId and
// the record's other attributes land in `attributes`.

type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
};
type KeyValue = { key: string; value?: AnyValue };

const anyValue: z.ZodType<AnyValue> = z.lazy(() =>
  z.looseObject({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: z.union([z.string(), z.number()]).optional(),
    doubleValue: z.number().optional(),
    arrayValue: z.looseObject({ values: z.array(anyValue).optional() }).optional(),
    kvlistValue: z.looseObject({ values: z.array(keyValue).optional() }).optional(),
    bytesValue: z.string().optional(),
  }),
);
const keyValue: z.ZodType<KeyValue> = z.lazy(() => z.looseObject({ key: z.string(), value: anyValue.optional() }));
const attributes = z.array(keyValue).optional();
const nanos = z.union([z.string().regex(/^\d+$/), z.number().nonnegative()]).optional();

const exportRequestSchema = z.looseObject({
  resourceLogs: z
    .array(
      z.looseObject({
        resource: z.looseObject({ attributes }).optional(),
        scopeLogs: z
          .array(
            z.looseObject({
              logRecords: z.array(z.unknown()).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});

const logRecordSchema = z.looseObject({
  timeUnixNano: nanos,
  observedTimeUnixNano: nanos,
  severityNumber: z.number().int().optional(),
  severityText: z.string().optional(),
  body: anyValue.optional(),
  attributes,
  traceId: z.string().optional(),
  spanId: z.string().optional(),
});

function plain(value: AnyValue | undefined): unknown {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plain);
  if (value.kvlistValue) return Object.fromEntries((value.kvlistValue.values ?? []).map((kv) => [kv.key, plain(kv.value)]));
  if (value.bytesValue !== undefined) return value.bytesValue;
  return null;
}

const toMap = (list: KeyValue[] | undefined) => new Map((list ?? []).map((kv) => [kv.key, plain(kv.value)]));

// Severity numbers per the OpenTelemetry log data model: 1-4 trace ... 17-24 fatal.
function levelOf(severityNumber: number | undefined, severityText: string | undefined): string {
  if (severityNumber && severityNumber > 0) return ['trace', 'debug', 'info', 'warn', 'error', 'error'][Math.min(5, Math.floor((severityNumber - 1) / 4))]!;
  // Neither number nor text: the data model leaves severity unset; store it as info.
  return severityText ?? 'info';
}

const MAPPED = new Set(['logshare.installation.id', 'logshare.site.url', 'service.version', 'code.namespace', 'code.function', 'code.function.name', 'faas.invocation_id', 'logshare.invocation.id']);

export function parseOtlpLogs(body: Buffer, options: { maxLines: number }): ParsedBatch {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AppError('bad_request', 'The body is not valid JSON (OTLP/HTTP JSON ExportLogsServiceRequest).');
  }
  const envelope = exportRequestSchema.safeParse(json);
  if (!envelope.success) throw new AppError('bad_request', `Not an OTLP ExportLogsServiceRequest: ${describeIssues(envelope.error)}`);

  const candidates: LineCandidate[] = [];
  const rejected: Rejection[] = [];
  // JSON can only carry a NUL as the escape \u0000: look for one per record only when the body has it.
  const mayHoldNul = body.includes('\\u0000');
  let line = 0;
  for (const resourceLogs of envelope.data.resourceLogs ?? []) {
    const resource = toMap(resourceLogs.resource?.attributes);
    for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
      for (const raw of scopeLogs.logRecords ?? []) {
        line += 1;
        if (line > options.maxLines) throw new AppError('payload_too_large', `A request may hold at most ${options.maxLines} log records; send smaller batches.`);
        const result = mayHoldNul && hasNul(raw) ? NUL_ERROR : recordToCandidate(raw, resource, line);
        if (typeof result === 'string') rejected.push({ line, error: result });
        else candidates.push(result);
      }
    }
  }
  return { candidates, rejected };
}

function recordToCandidate(raw: unknown, resource: Map<string, unknown>, position: number): LineCandidate | string {
  const parsed = logRecordSchema.safeParse(raw);
  if (!parsed.success) return describeIssues(parsed.error);
  const record = parsed.data;
  const own = toMap(record.attributes);
  const attr = (key: string) => own.get(key) ?? resource.get(key);
  const str = (key: string) => {
    const value = attr(key);
    return value === undefined || value === null ? undefined : String(value);
  };
  const time = [record.timeUnixNano, record.observedTimeUnixNano].map((t) => (t === undefined ? 0n : BigInt(t))).find((t) => t > 0n);
  if (time === undefined) return 'timeUnixNano or observedTimeUnixNano is required';

  let moduleName = str('code.namespace');
  let fn = str('code.function') ?? str('code.function.name');
  // code.function.name is fully qualified ("module.fn") in newer semantic conventions.
  if (!moduleName && fn && fn.lastIndexOf('.') > 0) [moduleName, fn] = [fn.slice(0, fn.lastIndexOf('.')), fn.slice(fn.lastIndexOf('.') + 1)];
  const extra = Object.fromEntries([...own].filter(([key]) => !MAPPED.has(key)));
  if (record.spanId) extra.spanId = record.spanId;
  const body = plain(record.body);

  const line = parseIngestLine({
    installationId: str('logshare.installation.id'),
    siteUrl: str('logshare.site.url'),
    timestamp: Number(time / 1_000_000n),
    level: levelOf(record.severityNumber, record.severityText),
    message: typeof body === 'string' ? body : body === null ? '' : JSON.stringify(body),
    invocationId: str('faas.invocation_id') ?? str('logshare.invocation.id'),
    traceId: record.traceId || undefined,
    module: moduleName,
    function: fn,
    appVersion: str('service.version'),
    attributes: Object.keys(extra).length ? extra : undefined,
  });
  if (!line.success) return line.error;
  return candidateOf(line.data, position);
}
