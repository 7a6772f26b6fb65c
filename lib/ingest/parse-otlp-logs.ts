import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { candidateOf, withInstallation, type LineCandidate, type ParsedBatch, type Rejection } from '@/lib/ingest/line-candidate';
import { ATTRIBUTES_BOUNDS, describeIssues, parseIngestLine, type InstallationDefault } from '@/lib/validations/ingest';
import { jsonDepthExceeds } from '@/lib/validations/json-bounds';
import { decodeOtlpLogsProtobuf } from '@/lib/ingest/decode-otlp-proto';

// OTLP/HTTP JSON or protobuf (ExportLogsServiceRequest) onto Logshare lines. Each log
// record becomes a line checked by the same schema as NDJSON; `line` in a
// rejection is the record's 1-based position in the request. Attribute names:
// logshare.installation.id / logshare.site.url (record or resource) pick the
// installation; service.version, code.namespace, code.function(.name),
// faas.invocation.id (or the older faas.invocation_id) / logshare.invocation.id fill their fields; spanId and
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
// Unix nanoseconds: a string of digits (what SDKs send) or a JSON number; whole
// and in range are checked by unixNanosToMillis, per record.
const nanos = z.union([z.string(), z.number()]).optional();

/**
 * The envelope nests about ten levels down to a record's attributes, and each
 * level of an attribute value (kvlistValue.values[].value) four more. A body
 * nested deeper than attributes may be is refused whole, before zod or any
 * other recursion walks it.
 */
export const MAX_OTLP_DEPTH = 12 + 4 * ATTRIBUTES_BOUNDS.maxDepth;

/** The latest instant PostgreSQL and ISO-8601 both take: the end of year 9999. */
const MAX_MILLIS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** At most `maxLines` records; `installation` is the request's (the Logshare-Installation header), for records that name none. */
export type OtlpParseOptions = { maxLines: number; installation?: InstallationDefault | null };

/** Unix nanoseconds as epoch milliseconds (0 when unset), or why they cannot be: not whole, negative, or beyond year 9999. */
export function unixNanosToMillis(value: string | number | undefined, field: string): number | string {
  if (value === undefined) return 0;
  if (typeof value === 'number' ? !Number.isInteger(value) || value < 0 : !/^\d{1,30}$/.test(value)) {
    return `${field} must be a whole, non-negative number of nanoseconds`;
  }
  const millis = BigInt(value) / 1_000_000n;
  if (millis > BigInt(MAX_MILLIS)) return `${field} is beyond the year 9999`;
  return Number(millis);
}

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

const MAPPED = new Set(['logshare.installation.id', 'logshare.site.url', 'service.version', 'code.namespace', 'code.function', 'code.function.name', 'faas.invocation.id', 'faas.invocation_id', 'logshare.invocation.id']);

export function parseOtlpLogs(body: Buffer, options: OtlpParseOptions): ParsedBatch {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AppError('bad_request', 'The body is not valid JSON (OTLP/HTTP JSON ExportLogsServiceRequest).');
  }
  // JSON can carry a NUL or an unpaired surrogate only as a \u escape: replaced per record only when the body has one.
  return parseOtlpRequest(json, { ...options, mayHoldEscapes: body.includes('\\u') });
}

/** OTLP/HTTP protobuf, decoded into the JSON shape and checked by the same parser. */
export function parseOtlpLogsProtobuf(body: Buffer, options: OtlpParseOptions): ParsedBatch {
  // Decoded UTF-8 may hold a NUL: every record is checked for one.
  return parseOtlpRequest(decodeOtlpLogsProtobuf(body), { ...options, mayHoldEscapes: true });
}

function parseOtlpRequest(json: unknown, options: OtlpParseOptions & { mayHoldEscapes: boolean }): ParsedBatch {
  if (jsonDepthExceeds(json, MAX_OTLP_DEPTH)) {
    throw new AppError('bad_request', `The body nests deeper than ${MAX_OTLP_DEPTH} levels; attribute values may nest ${ATTRIBUTES_BOUNDS.maxDepth} levels deep.`);
  }
  const envelope = exportRequestSchema.safeParse(json);
  if (!envelope.success) throw new AppError('bad_request', `Not an OTLP ExportLogsServiceRequest: ${describeIssues(envelope.error)}`);

  const candidates: LineCandidate[] = [];
  const rejected: Rejection[] = [];
  let line = 0;
  for (const resourceLogs of envelope.data.resourceLogs ?? []) {
    const resource = toMap(resourceLogs.resource?.attributes);
    for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
      for (const raw of scopeLogs.logRecords ?? []) {
        line += 1;
        if (line > options.maxLines) throw new AppError('payload_too_large', `A request may hold at most ${options.maxLines} log records; send smaller batches.`);
        const result = recordToCandidate(raw, resource, line, options);
        if (typeof result === 'string') rejected.push({ line, error: result });
        else candidates.push(result);
      }
    }
  }
  return { candidates, rejected };
}

function recordToCandidate(raw: unknown, resource: Map<string, unknown>, position: number, options: { mayHoldEscapes: boolean; installation?: InstallationDefault | null }): LineCandidate | string {
  const parsed = logRecordSchema.safeParse(raw);
  if (!parsed.success) return describeIssues(parsed.error);
  const record = parsed.data;
  const own = toMap(record.attributes);
  const attr = (key: string) => own.get(key) ?? resource.get(key);
  const str = (key: string) => {
    const value = attr(key);
    if (value === undefined || value === null) return undefined;
    // An object may carry its own key "toString", which String() would try to call.
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  };
  const time = unixNanosToMillis(record.timeUnixNano, 'timeUnixNano');
  if (typeof time === 'string') return time;
  const observed = unixNanosToMillis(record.observedTimeUnixNano, 'observedTimeUnixNano');
  if (typeof observed === 'string') return observed;
  if (!time && !observed) return 'timeUnixNano or observedTimeUnixNano is required';

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
    timestamp: time || observed,
    level: levelOf(record.severityNumber, record.severityText),
    message: typeof body === 'string' ? body : body === null ? '' : JSON.stringify(body),
    invocationId: str('faas.invocation.id') ?? str('faas.invocation_id') ?? str('logshare.invocation.id'),
    traceId: record.traceId || undefined,
    module: moduleName,
    function: fn,
    appVersion: str('service.version'),
    attributes: Object.keys(extra).length ? extra : undefined,
  }, { mayHoldEscapes: options.mayHoldEscapes, installation: options.installation });
  if (!line.success) return line.error;
  // A record's own (or its resource's) installation wins over the request's.
  return withInstallation(candidateOf(line.data, position), options.installation);
}
