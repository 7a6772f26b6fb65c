import { isUtf8 } from 'node:buffer';
import { Reader } from 'protobufjs/light';
import type { OtlpRecordFields, SplitAttributes } from '@/lib/ingest/otlp-record';
import { MAPPED_ATTRIBUTES, NO_ATTRIBUTES, noMappedAttributes, setOwn, type MappedAttributes } from '@/lib/ingest/otlp-record';

// An ExportLogsServiceRequest read straight off the wire into what the
// parser needs (each record's fields and split attributes), without building
// protobufjs's message objects: the SDKs' usual requests (scalar attribute
// values, every key named) read this way cost a fraction of a full decode and
// its garbage. It reads every field as protobufjs's decoder for the same
// definitions does (lib/ingest/otlp-proto-schema.ts: a wire type that does not
// match is skipped as an unknown field, a zero or empty scalar counts as
// unset, the last value of a repeated scalar wins, strings are strict UTF-8).
// Whatever it does not read that way (an array or key-value list value, a
// KeyValue without a key, a message field given twice, which protobufjs
// merges, bytes it cannot read) makes it answer null, and the caller takes
// the full decode, which words every such case.

/** Records as parse-otlp-proto.ts hands them on: fields, own attributes, and their resource's mapped attributes. */
export type WireRecord = { fields: OtlpRecordFields; own: SplitAttributes; resource: SplitAttributes };

type Long = { low: number; high: number; unsigned: boolean; toNumber(): number };
type Nanos = Long | number;

/** Thrown inside the reader for a shape it leaves to the full decode; never escapes readOtlpWire. */
class NotPlain extends Error {}
const NOT_PLAIN = new NotPlain();

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;
const WIRE_FIXED32 = 5;

/** How deep protobufjs's decoder is in each message, which bounds the groups it skips. */
const DEPTH = { request: 0, resourceLogs: 1, resource: 2, scopeLogs: 2, scope: 3, record: 3 };

const isZero = (value: Nanos) => (typeof value === 'number' ? value === 0 : !value.low && !value.high);

/** The end of the length-delimited field that starts at the reader's position, checked as protobufjs checks it. */
function endOfField(r: Reader): number {
  const end = r.size() + r.pos;
  if (end > r.len) throw NOT_PLAIN;
  return end;
}

/**
 * Whether a string read in the current request holds a NUL, which PostgreSQL
 * cannot store: only such a request's texts need checking for one (strict
 * UTF-8 cannot carry the other unstorable thing, an unpaired surrogate).
 * readOtlpWire resets it; the reader is synchronous, so no two requests share it.
 */
let sawNul = false;

/**
 * A string field, as protobufjs's strict reader takes it (invalid UTF-8 is
 * refused), decoded natively into one flat string: protobufjs joins short
 * strings from 8-character pieces, which every later check must flatten.
 */
function readText(r: Reader): string {
  const end = endOfField(r);
  return textUpTo(r, end);
}

/** The bytes from the reader's position up to `end` as readText takes them; the reader moves to `end`. */
function textUpTo(r: Reader, end: number): string {
  const start = r.pos;
  r.pos = end;
  const bytes = r.buf as Buffer;
  const text = bytes.toString('utf8', start, end);
  // Decoding replaces invalid bytes by U+FFFD; only then are the bytes checked.
  if (text.includes('\uFFFD') && !isUtf8(bytes.subarray(start, end))) throw NOT_PLAIN;
  if (text.includes('\0')) sawNul = true;
  return text;
}

/** The mapped attribute names as UTF-8, so a key that is one of them is recognized from its bytes, not decoded again. */
const MAPPED_KEY_BYTES = [...MAPPED_ATTRIBUTES].map((key) => ({ key, bytes: Buffer.from(key) }));

/** A KeyValue's key: a mapped attribute's name as its shared string, any other read as readText reads it. */
function readKey(r: Reader): string {
  const end = endOfField(r);
  const start = r.pos;
  const buffer = r.buf as Buffer;
  for (const { key, bytes } of MAPPED_KEY_BYTES) {
    if (bytes.length === end - start && sameBytes(buffer, start, bytes)) {
      r.pos = end;
      return key;
    }
  }
  return textUpTo(r, end);
}

/** Whether `buffer` holds `bytes` at `start`: a loop, as names this short compare faster in JavaScript than through a native call. */
function sameBytes(buffer: Buffer, start: number, bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (buffer[start + i] !== bytes[i]) return false;
  return true;
}

/** A field this reader does not use: skipped as protobufjs skips an unknown field of a message `depth` levels down. */
function skip(r: Reader, wire: number, field: number, depth: number): void {
  r.skipType(wire, depth, field);
}

/**
 * An AnyValue holding a scalar, made plain as parse-otlp-proto.ts's plainOf
 * does. Its members are a oneof: protobufjs's decoder keeps only the last one
 * on the wire (setting a member clears the others).
 */
function readScalarValue(r: Reader, end: number, depth: number): unknown {
  let value: unknown = null;
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === WIRE_LENGTH) value = readText(r);
    else if (field === 2 && wire === WIRE_VARINT) value = r.bool();
    else if (field === 3 && wire === WIRE_VARINT) {
      // Long#toNumber rounds once, to the same number as Number() of its decimal text.
      const int = r.int64() as Nanos;
      value = typeof int === 'number' ? int : int.toNumber();
    } else if (field === 4 && wire === WIRE_FIXED64) value = r.double();
    else if ((field === 5 || field === 6) && wire === WIRE_LENGTH) throw NOT_PLAIN;
    else if (field === 7 && wire === WIRE_LENGTH) value = (r.bytes() as Buffer).toString('base64');
    else skip(r, wire, field, depth);
  }
  if (r.pos !== end) throw NOT_PLAIN;
  return value;
}

/** One KeyValue into `into`: mapped keys into its map, the rest (when kept) into its object. */
function readKeyValue(r: Reader, end: number, depth: number, into: SplitAttributes, keepExtra: boolean): void {
  let key = '';
  let value: unknown = null;
  let hasValue = false;
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === WIRE_LENGTH) key = readKey(r);
    else if (field === 2 && wire === WIRE_LENGTH) {
      if (hasValue) throw NOT_PLAIN;
      hasValue = true;
      value = readScalarValue(r, endOfField(r), depth + 1);
    } else skip(r, wire, field, depth);
  }
  if (r.pos !== end || key === '') throw NOT_PLAIN;
  if (MAPPED_ATTRIBUTES.has(key)) (into.mapped ??= noMappedAttributes())[key as keyof MappedAttributes] = value;
  else if (keepExtra) setOwn((into.extra ??= {}), key, value);
}

/** A repeated KeyValue field's next entry, added to `list` (created on first use). */
function readAttribute(r: Reader, depth: number, list: SplitAttributes | null, keepExtra: boolean): SplitAttributes {
  const into = list ?? { mapped: null, extra: null };
  readKeyValue(r, endOfField(r), depth, into, keepExtra);
  return into;
}

/** Resource { attributes = 1; dropped_attributes_count = 2 }: its mapped attributes. */
function readResource(r: Reader, end: number): SplitAttributes {
  let attributes: SplitAttributes | null = null;
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === WIRE_LENGTH) attributes = readAttribute(r, DEPTH.resource + 1, attributes, false);
    else if (field === 2 && wire === WIRE_VARINT) r.uint32();
    else skip(r, wire, field, DEPTH.resource);
  }
  if (r.pos !== end) throw NOT_PLAIN;
  return attributes ?? NO_ATTRIBUTES;
}

/** InstrumentationScope: nothing of it is stored, but its bytes are read as the decoder reads them. */
function readScope(r: Reader, end: number): void {
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    const wire = tag & 7;
    if ((field === 1 || field === 2) && wire === WIRE_LENGTH) readText(r);
    else if (field === 3 && wire === WIRE_LENGTH) readAttribute(r, DEPTH.scope + 1, null, false);
    else if (field === 4 && wire === WIRE_VARINT) r.uint32();
    else skip(r, wire, field, DEPTH.scope);
  }
  if (r.pos !== end) throw NOT_PLAIN;
}

/** Bytes read from the request's Buffer are a Buffer (a view, not a copy). */
const hexOf = (bytes: Uint8Array) => (bytes as Buffer).toString('hex');

function readLogRecord(r: Reader, end: number, resource: SplitAttributes, toMillis: (nanos: Nanos, field: string) => number | string): WireRecord {
  let time: Nanos = 0;
  let observed: Nanos = 0;
  let severityNumber = 0;
  let severityText = '';
  let body: unknown;
  let hasBody = false;
  let own: SplitAttributes | null = null;
  let traceId = '';
  let spanId = '';
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === WIRE_FIXED64) time = r.fixed64() as Nanos;
    else if (field === 2 && wire === WIRE_VARINT) severityNumber = r.int32();
    else if (field === 3 && wire === WIRE_LENGTH) severityText = readText(r);
    else if (field === 5 && wire === WIRE_LENGTH) {
      if (hasBody) throw NOT_PLAIN;
      hasBody = true;
      body = readScalarValue(r, endOfField(r), DEPTH.record + 1);
    } else if (field === 6 && wire === WIRE_LENGTH) own = readAttribute(r, DEPTH.record + 1, own, true);
    else if (field === 7 && wire === WIRE_VARINT) r.uint32();
    else if (field === 8 && wire === WIRE_FIXED32) r.fixed32();
    else if (field === 9 && wire === WIRE_LENGTH) traceId = hexOf(r.bytes());
    else if (field === 10 && wire === WIRE_LENGTH) spanId = hexOf(r.bytes());
    else if (field === 11 && wire === WIRE_FIXED64) observed = r.fixed64() as Nanos;
    else if (field === 12 && wire === WIRE_LENGTH) readText(r);
    else skip(r, wire, field, DEPTH.record);
  }
  if (r.pos !== end) throw NOT_PLAIN;
  return {
    fields: {
      time: isZero(time) ? 0 : toMillis(time, 'timeUnixNano'),
      observed: isZero(observed) ? 0 : toMillis(observed, 'observedTimeUnixNano'),
      severityNumber: severityNumber || undefined,
      severityText: severityText || undefined,
      body: hasBody ? body : null,
      traceId: traceId || undefined,
      spanId: spanId || undefined,
    },
    own: own ?? NO_ATTRIBUTES,
    resource,
  };
}

function readScopeLogs(r: Reader, end: number, resource: SplitAttributes, records: WireRecord[], toMillis: (nanos: Nanos, field: string) => number | string): void {
  let hasScope = false;
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === WIRE_LENGTH) {
      if (hasScope) throw NOT_PLAIN;
      hasScope = true;
      readScope(r, endOfField(r));
    } else if (field === 2 && wire === WIRE_LENGTH) records.push(readLogRecord(r, endOfField(r), resource, toMillis));
    else if (field === 3 && wire === WIRE_LENGTH) readText(r);
    else skip(r, wire, field, DEPTH.scopeLogs);
  }
  if (r.pos !== end) throw NOT_PLAIN;
}

/**
 * ResourceLogs: its records, each with the resource's mapped attributes. The
 * resource may come after the scopes on the wire, so the scopes' bytes are
 * read once it is known.
 */
function readResourceLogs(r: Reader, end: number, records: WireRecord[], toMillis: (nanos: Nanos, field: string) => number | string): void {
  let resource: SplitAttributes | null = null;
  const scopes: [number, number][] = [];
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === WIRE_LENGTH) {
      if (resource) throw NOT_PLAIN;
      resource = readResource(r, endOfField(r));
    } else if (field === 2 && wire === WIRE_LENGTH) {
      const scopeEnd = endOfField(r);
      scopes.push([r.pos, scopeEnd]);
      r.pos = scopeEnd;
    } else if (field === 3 && wire === WIRE_LENGTH) readText(r);
    else skip(r, wire, field, DEPTH.resourceLogs);
  }
  if (r.pos !== end) throw NOT_PLAIN;
  for (const [start, scopeEnd] of scopes) {
    r.pos = start;
    readScopeLogs(r, scopeEnd, resource ?? NO_ATTRIBUTES, records, toMillis);
  }
  r.pos = end;
}

/**
 * The request's records in order, and whether any of its strings holds a NUL;
 * or null when it holds anything this reader leaves to the full decode.
 * `toMillis` turns a non-zero fixed64 time into epoch milliseconds or says
 * why it cannot.
 */
export function readOtlpWire(body: Buffer, toMillis: (nanos: Nanos, field: string) => number | string): { records: WireRecord[]; holdsNul: boolean } | null {
  const r = Reader.create(body);
  const records: WireRecord[] = [];
  sawNul = false;
  try {
    while (r.pos < r.len) {
      const tag = r.tag();
      const field = tag >>> 3;
      const wire = tag & 7;
      if (field === 1 && wire === WIRE_LENGTH) readResourceLogs(r, endOfField(r), records, toMillis);
      else skip(r, wire, field, DEPTH.request);
    }
  } catch {
    // NotPlain, or bytes the decoder would refuse: it words the refusal.
    return null;
  }
  return { records, holdsNul: sawNul };
}
