import { z } from 'zod';
import { AppError } from '@/lib/errors';
import type { LineCandidate, ParsedBatch, Rejection } from '@/lib/ingest/line-candidate';
import { candidateOfRecord, splitAttributes, unixNanosToMillis, type RecordOptions, type SplitAttributes } from '@/lib/ingest/otlp-record';
import { ATTRIBUTES_BOUNDS, describeIssues, type InstallationDefault } from '@/lib/validations/ingest';
import { jsonDepthExceeds } from '@/lib/validations/json-bounds';
import { isPlainLogRecord } from '@/lib/ingest/otlp-json-shape';

export { unixNanosToMillis } from '@/lib/ingest/otlp-record';

// OTLP/HTTP JSON (ExportLogsServiceRequest) onto Logshare lines. Each log
// record becomes a line checked by the same schema as NDJSON; `line` in a
// rejection is the record's 1-based position in the request. The protobuf
// encoding reads its decoded message directly (parse-otlp-proto.ts) and
// comes here only for what this path alone words: a request or record that
// zod refuses. A record that passes the direct checks of otlp-json-shape.ts
// (which say yes only where zod would) is read as it is, without zod.

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

/** At most `maxLines` records; `installation` is the request's (the Logshare-Installation header), for records that name none. */
export type OtlpParseOptions = { maxLines: number; installation?: InstallationDefault | null };

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

function plain(value: AnyValue | null | undefined): unknown {
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

/** A request in OTLP/JSON's shape, already parsed, as lines and rejections. */
export function parseOtlpRequest(json: unknown, options: OtlpParseOptions & { mayHoldEscapes: boolean }): ParsedBatch {
  if (jsonDepthExceeds(json, MAX_OTLP_DEPTH)) {
    throw new AppError('bad_request', `The body nests deeper than ${MAX_OTLP_DEPTH} levels; attribute values may nest ${ATTRIBUTES_BOUNDS.maxDepth} levels deep.`);
  }
  const envelope = exportRequestSchema.safeParse(json);
  if (!envelope.success) throw new AppError('bad_request', `Not an OTLP ExportLogsServiceRequest: ${describeIssues(envelope.error)}`);

  const candidates: LineCandidate[] = [];
  const rejected: Rejection[] = [];
  let line = 0;
  for (const resourceLogs of envelope.data.resourceLogs ?? []) {
    const resource = splitAttributes(resourceLogs.resource?.attributes, plain, false);
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

/** The zod schema of one record, for the test that the direct checks agree with it. */
export const otlpLogRecordSchema = logRecordSchema;

/** Why zod refuses a record in OTLP/JSON's shape, or null when it takes it. */
export function recordShapeProblem(raw: unknown): string | null {
  const parsed = logRecordSchema.safeParse(raw);
  return parsed.success ? null : describeIssues(parsed.error);
}

type LogRecord = z.output<typeof logRecordSchema>;

function recordToCandidate(raw: unknown, resource: SplitAttributes, position: number, options: RecordOptions): LineCandidate | string {
  let record: LogRecord;
  // Most records pass the direct checks; zod words what is wrong with the others.
  if (isPlainLogRecord(raw)) record = raw as LogRecord;
  else {
    const parsed = logRecordSchema.safeParse(raw);
    if (!parsed.success) return describeIssues(parsed.error);
    record = parsed.data;
  }
  const time = unixNanosToMillis(record.timeUnixNano, 'timeUnixNano');
  if (typeof time === 'string') return time;
  const observed = unixNanosToMillis(record.observedTimeUnixNano, 'observedTimeUnixNano');
  return candidateOfRecord(
    { time, observed, severityNumber: record.severityNumber, severityText: record.severityText, body: plain(record.body), traceId: record.traceId, spanId: record.spanId },
    splitAttributes(record.attributes, plain, true),
    resource,
    position,
    options,
  );
}
