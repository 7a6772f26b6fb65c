// Direct checks of an OTLP/JSON log record that zod's logRecordSchema
// (parse-otlp-logs.ts) takes: each says yes only when that schema would, so a
// record they pass skips zod's recursive AnyValue walk and any other record
// goes through zod for its exact words. Recursion is bounded: the request's
// depth is checked first (MAX_OTLP_DEPTH).

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isOptional = (value: unknown, type: 'string' | 'boolean') => value === undefined || typeof value === type;
const isOptionalNumber = (value: unknown) => value === undefined || (typeof value === 'number' && Number.isFinite(value));
const isOptionalStringOrNumber = (value: unknown) => typeof value === 'string' || isOptionalNumber(value);

function isOptionalList(value: unknown, isItem: (item: unknown) => boolean): boolean {
  if (value === undefined) return true;
  if (!isObject(value)) return false;
  const values = value.values;
  if (values === undefined) return true;
  if (!Array.isArray(values)) return false;
  for (const item of values) if (!isItem(item)) return false;
  return true;
}

function isAnyValue(value: unknown): boolean {
  return (
    isObject(value) &&
    isOptional(value.stringValue, 'string') &&
    isOptional(value.boolValue, 'boolean') &&
    isOptionalStringOrNumber(value.intValue) &&
    isOptionalNumber(value.doubleValue) &&
    isOptional(value.bytesValue, 'string') &&
    isOptionalList(value.arrayValue, isAnyValue) &&
    isOptionalList(value.kvlistValue, isKeyValue)
  );
}

function isKeyValue(value: unknown): boolean {
  return isObject(value) && typeof value.key === 'string' && (value.value === undefined || isAnyValue(value.value));
}

/** Whether `value` is a KeyValue list (or absent) that zod's schema takes. */
export function isPlainAttributes(value: unknown): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value)) return false;
  for (const item of value) if (!isKeyValue(item)) return false;
  return true;
}

/** Whether zod's logRecordSchema takes `value` as it is (its output then reads the same as `value`). */
export function isPlainLogRecord(value: unknown): boolean {
  return (
    isObject(value) &&
    isOptionalStringOrNumber(value.timeUnixNano) &&
    isOptionalStringOrNumber(value.observedTimeUnixNano) &&
    (value.severityNumber === undefined || Number.isSafeInteger(value.severityNumber)) &&
    isOptional(value.severityText, 'string') &&
    (value.body === undefined || isAnyValue(value.body)) &&
    isPlainAttributes(value.attributes) &&
    isOptional(value.traceId, 'string') &&
    isOptional(value.spanId, 'string')
  );
}
