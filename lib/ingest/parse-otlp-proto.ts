import { AppError } from '@/lib/errors';
import { decodeExportRequest, decodeOtlpLogsProtobuf, JSON_SHAPED } from '@/lib/ingest/decode-otlp-proto';
import type { LineCandidate, ParsedBatch, Rejection } from '@/lib/ingest/line-candidate';
import { otlpMessages } from '@/lib/ingest/otlp-proto-schema';
import { candidateOfRecord, MAX_MILLIS, NO_ATTRIBUTES, splitAttributes, unixNanosToMillis, type RecordOptions, type SplitAttributes } from '@/lib/ingest/otlp-record';
import { MAX_OTLP_DEPTH, parseOtlpRequest, recordShapeProblem, type OtlpParseOptions } from '@/lib/ingest/parse-otlp-logs';
import { readOtlpWire } from '@/lib/ingest/read-otlp-wire';
import { ATTRIBUTES_BOUNDS } from '@/lib/validations/ingest';

// OTLP/HTTP protobuf (and OTLP/gRPC's identical body). The SDKs' usual
// requests are read straight off the wire (read-otlp-wire.ts); any other is
// read from the decoded
// protobufjs message itself, with no OTLP/JSON copy for zod to walk: the
// decoder already fixed every field's type. What the JSON path checks is
// checked here as that path sees the same request in OTLP/JSON's shape
// (decodeOtlpLogsProtobuf): a field counts only when it was on the wire (an
// own property; unset ones come from the prototype); the depth bound counts
// the levels that shape would have; and a KeyValue without a key, the one
// thing zod can refuse in a decoded request, sends that record (or, in a
// resource, the request) through the JSON path for its exact words.

type Long = { low: number; high: number; unsigned: boolean; toNumber(): number; toString(): string };
type AnyValue = {
  stringValue: string;
  boolValue: boolean;
  intValue: Long | number;
  doubleValue: number;
  arrayValue: { values: AnyValue[] } | null;
  kvlistValue: { values: KeyValue[] } | null;
  bytesValue: Uint8Array;
};
type KeyValue = { key: string; value: AnyValue | null };
type LogRecord = {
  timeUnixNano: Long | number;
  observedTimeUnixNano: Long | number;
  severityNumber: number;
  severityText: string;
  body: AnyValue | null;
  attributes: KeyValue[];
  traceId: Uint8Array;
  spanId: Uint8Array;
};
type ExportRequest = {
  resourceLogs: {
    resource: { attributes: KeyValue[] } | null;
    scopeLogs: { scope: { attributes: KeyValue[] } | null; logRecords: LogRecord[] }[];
  }[];
};

/** Whether the decoder set `key` (protobufjs leaves unset fields to the prototype's defaults). */
const has = (message: object, key: string) => Object.prototype.hasOwnProperty.call(message, key);

const bufferOf = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** An AnyValue as the JSON path makes it plain: the first member set, in field order; int64 as the nearest number. */
function plainOf(value: AnyValue | null | undefined): unknown {
  if (!value) return null;
  if (has(value, 'stringValue')) return value.stringValue;
  if (has(value, 'boolValue')) return value.boolValue;
  // Long#toNumber rounds once, to the same number as Number() of its decimal text.
  if (has(value, 'intValue')) return typeof value.intValue === 'number' ? value.intValue : value.intValue.toNumber();
  if (has(value, 'doubleValue')) return value.doubleValue;
  if (value.arrayValue && has(value, 'arrayValue')) return value.arrayValue.values.map(plainOf);
  if (value.kvlistValue && has(value, 'kvlistValue')) {
    const object: Record<string, unknown> = {};
    for (const kv of value.kvlistValue.values) {
      if (kv.key === '__proto__') Object.defineProperty(object, kv.key, { value: plainOf(kv.value), writable: true, enumerable: true, configurable: true });
      else object[kv.key] = plainOf(kv.value);
    }
    return object;
  }
  if (has(value, 'bytesValue')) return bufferOf(value.bytesValue).toString('base64');
  return null;
}

/** fixed64 Unix nanoseconds as unixNanosToMillis reads their decimal text, without making it. */
function nanosToMillis(value: Long | number, field: string): number | string {
  if (typeof value === 'number' || (!value.unsigned && value.high < 0)) return unixNanosToMillis(String(value), field);
  const high = value.high >>> 0;
  // nanos = high * 2^32 + low, and 2^32 = 4294 * 10^6 + 967,296: every term below stays under 2^53.
  const rest = high * 967_296 + (value.low >>> 0);
  let quotient = Math.floor(rest / 1e6);
  const remainder = rest - quotient * 1e6;
  if (remainder < 0) quotient -= 1;
  else if (remainder >= 1e6) quotient += 1;
  const millis = high * 4294 + quotient;
  return millis > MAX_MILLIS ? `${field} is beyond the year 9999` : millis;
}

const hexOf = (record: LogRecord, key: 'traceId' | 'spanId') => (has(record, key) && record[key].length ? bufferOf(record[key]).toString('hex') : undefined);

const TOO_DEEP = 1;
const KEY_MISSING = 2;

/** TOO_DEEP and KEY_MISSING found in a KeyValue list whose array sits at `level` of OTLP/JSON's shape. */
function keyValuesProblems(list: KeyValue[], level: number): number {
  if (list.length === 0) return 0;
  if (level + 1 > MAX_OTLP_DEPTH) return TOO_DEEP;
  let found = 0;
  for (const kv of list) {
    if (!has(kv, 'key')) found |= KEY_MISSING;
    if (kv.value && has(kv, 'value')) found |= anyValueProblems(kv.value, level + 2);
    if (found & TOO_DEEP) return found;
  }
  return found;
}

/** The same for an AnyValue at `level`; protobufjs bounded the recursion while decoding. */
function anyValueProblems(value: AnyValue, level: number): number {
  if (level > MAX_OTLP_DEPTH) return TOO_DEEP;
  let found = 0;
  if (value.arrayValue && has(value, 'arrayValue')) {
    const values = value.arrayValue.values;
    if (level + 1 > MAX_OTLP_DEPTH || (values.length && level + 3 > MAX_OTLP_DEPTH)) return TOO_DEEP;
    for (const item of values) {
      found |= anyValueProblems(item, level + 3);
      if (found & TOO_DEEP) return found;
    }
  }
  if (value.kvlistValue && has(value, 'kvlistValue')) {
    if (level + 1 > MAX_OTLP_DEPTH) return TOO_DEEP;
    found |= keyValuesProblems(value.kvlistValue.values, level + 2);
  }
  return found;
}

/**
 * The request's depth as OTLP/JSON (request 1, resourceLogs 2, ..., a
 * record 7, its body 8), within the bound or a 400 as on the JSON path;
 * then the records with a KeyValue that has no key, or `resource` when a
 * resource has one.
 */
function checkRequest(request: ExportRequest): Set<LogRecord> | 'resource' | null {
  let keyless: Set<LogRecord> | null = null;
  let resourceKeyless = false;
  const tooDeep = () =>
    new AppError('bad_request', `The body nests deeper than ${MAX_OTLP_DEPTH} levels; attribute values may nest ${ATTRIBUTES_BOUNDS.maxDepth} levels deep.`);
  // The envelope's own levels (up to 7) are far within the bound; only attribute lists and values can pass it.
  for (const resourceLogs of request.resourceLogs) {
    if (resourceLogs.resource && has(resourceLogs, 'resource')) {
      const found = keyValuesProblems(resourceLogs.resource.attributes, 5);
      if (found & TOO_DEEP) throw tooDeep();
      if (found & KEY_MISSING) resourceKeyless = true;
    }
    for (const scopeLogs of resourceLogs.scopeLogs) {
      // The JSON path does not read a scope's attributes, but counts their depth.
      if (scopeLogs.scope && has(scopeLogs, 'scope') && keyValuesProblems(scopeLogs.scope.attributes, 7) & TOO_DEEP) throw tooDeep();
      for (const record of scopeLogs.logRecords) {
        let found = keyValuesProblems(record.attributes, 8);
        if (record.body && has(record, 'body')) found |= anyValueProblems(record.body, 8);
        if (found & TOO_DEEP) throw tooDeep();
        if (found & KEY_MISSING) (keyless ??= new Set()).add(record);
      }
    }
  }
  return resourceKeyless ? 'resource' : keyless;
}

function recordToCandidate(record: LogRecord, resource: SplitAttributes, position: number, options: RecordOptions): LineCandidate | string {
  const time = has(record, 'timeUnixNano') ? nanosToMillis(record.timeUnixNano, 'timeUnixNano') : 0;
  if (typeof time === 'string') return time;
  const observed = has(record, 'observedTimeUnixNano') ? nanosToMillis(record.observedTimeUnixNano, 'observedTimeUnixNano') : 0;
  return candidateOfRecord(
    {
      time,
      observed,
      severityNumber: has(record, 'severityNumber') ? record.severityNumber : undefined,
      severityText: has(record, 'severityText') ? record.severityText : undefined,
      body: has(record, 'body') ? plainOf(record.body) : null,
      traceId: hexOf(record, 'traceId'),
      spanId: hexOf(record, 'spanId'),
    },
    splitAttributes(record.attributes, plainOf, true),
    resource,
    position,
    options,
  );
}

/** OTLP/HTTP protobuf as lines and rejections: the same as parseOtlpLogs gives for the request in OTLP/JSON. */
export function parseOtlpLogsProtobuf(body: Buffer, options: OtlpParseOptions): ParsedBatch {
  const read = readOtlpWire(body, nanosToMillis);
  // Decoded UTF-8 may hold a NUL: every record is checked for one, unless the wire reader saw none.
  if (!read) return parseDecoded(body, options, { ...options, mayHoldEscapes: true });
  const { records } = read;
  const recordOptions = { ...options, mayHoldEscapes: read.holdsNul };
  const candidates: LineCandidate[] = [];
  const rejected: Rejection[] = [];
  for (let i = 0; i < records.length; i++) {
    const line = i + 1;
    if (line > options.maxLines) throw tooManyRecords(options.maxLines);
    const { fields, own, resource } = records[i]!;
    const result = candidateOfRecord(fields, own, resource, line, recordOptions);
    if (typeof result === 'string') rejected.push({ line, error: result });
    else candidates.push(result);
  }
  return { candidates, rejected };
}

const tooManyRecords = (maxLines: number) => new AppError('payload_too_large', `A request may hold at most ${maxLines} log records; send smaller batches.`);

/** The same from protobufjs's decoded message, for any request readOtlpWire leaves to it. */
function parseDecoded(body: Buffer, options: OtlpParseOptions, recordOptions: RecordOptions & OtlpParseOptions): ParsedBatch {
  const request = decodeExportRequest(body) as unknown as ExportRequest;
  const keyless = checkRequest(request);
  if (keyless === 'resource') return parseOtlpRequest(decodeOtlpLogsProtobuf(body), recordOptions);

  const candidates: LineCandidate[] = [];
  const rejected: Rejection[] = [];
  let line = 0;
  for (const resourceLogs of request.resourceLogs) {
    const resource = resourceLogs.resource && has(resourceLogs, 'resource') ? splitAttributes(resourceLogs.resource.attributes, plainOf, false) : NO_ATTRIBUTES;
    for (const scopeLogs of resourceLogs.scopeLogs) {
      for (const record of scopeLogs.logRecords) {
        line += 1;
        if (line > options.maxLines) throw tooManyRecords(options.maxLines);
        const result = keyless?.has(record)
          ? recordShapeProblem(otlpMessages.logRecord.toObject(record as never, JSON_SHAPED))!
          : recordToCandidate(record, resource, line, recordOptions);
        if (typeof result === 'string') rejected.push({ line, error: result });
        else candidates.push(result);
      }
    }
  }
  return { candidates, rejected };
}
