import { candidateOf, withInstallation, type LineCandidate } from '@/lib/ingest/line-candidate';
import { parseIngestLine, type InstallationDefault } from '@/lib/validations/ingest';

// One OTLP log record onto a Logshare line, whichever encoding carried it:
// the JSON path reads its fields from parsed JSON, the protobuf path from
// the decoded message, and both hand them here. Attribute names:
// logshare.installation.id / logshare.site.url (record or resource) pick the
// installation; service.version, code.namespace, code.function(.name),
// faas.invocation.id (or the older faas.invocation_id) / logshare.invocation.id fill their fields; spanId and
// the record's other attributes land in `attributes`.

/** The latest instant PostgreSQL and ISO-8601 both take: the end of year 9999. */
export const MAX_MILLIS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

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

const MAPPED_KEYS = ['logshare.installation.id', 'logshare.site.url', 'service.version', 'code.namespace', 'code.function', 'code.function.name', 'faas.invocation.id', 'faas.invocation_id', 'logshare.invocation.id'] as const;
type MappedKey = (typeof MAPPED_KEYS)[number];

export const MAPPED_ATTRIBUTES: ReadonlySet<string> = new Set(MAPPED_KEYS);

/** The values of the attributes a line maps onto its fields, by attribute name; undefined where absent. */
export type MappedAttributes = Record<MappedKey, unknown>;

/** An empty MappedAttributes: every key present from the start, so all share one shape and reads of them stay fast. */
export function noMappedAttributes(): MappedAttributes {
  return {
    'logshare.installation.id': undefined,
    'logshare.site.url': undefined,
    'service.version': undefined,
    'code.namespace': undefined,
    'code.function': undefined,
    'code.function.name': undefined,
    'faas.invocation.id': undefined,
    'faas.invocation_id': undefined,
    'logshare.invocation.id': undefined,
  };
}

/** A KeyValue list read once: the attributes the line maps onto its fields, and (for a record's own) the rest. */
export type SplitAttributes = { mapped: MappedAttributes | null; extra: Record<string, unknown> | null };

export const NO_ATTRIBUTES: SplitAttributes = { mapped: null, extra: null };

/**
 * `list` split into mapped and other attributes, each value made plain by
 * `plainOf`; a repeated key keeps its first place and its last value, as an
 * object built from the pairs would. Without `keepExtra` (a resource's list)
 * only the mapped values are made.
 */
export function splitAttributes<V>(list: readonly { key: string; value?: V | null }[] | undefined, plainOf: (value: V | null | undefined) => unknown, keepExtra: boolean): SplitAttributes {
  if (!list || list.length === 0) return NO_ATTRIBUTES;
  let mapped: MappedAttributes | null = null;
  let extra: Record<string, unknown> | null = null;
  for (const kv of list) {
    const key = kv.key;
    if (MAPPED_ATTRIBUTES.has(key)) (mapped ??= noMappedAttributes())[key as MappedKey] = plainOf(kv.value);
    else if (keepExtra) setOwn((extra ??= {}), key, plainOf(kv.value));
  }
  return { mapped, extra };
}

/** `object[key] = value`, except that a key named __proto__ becomes an own key rather than the object's prototype. */
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

/** A record's fields as both encodings give them: times already in epoch milliseconds (or why not), the body made plain. */
export type OtlpRecordFields = {
  time: number | string;
  observed: number | string;
  severityNumber: number | undefined;
  severityText: string | undefined;
  body: unknown;
  traceId: string | undefined;
  spanId: string | undefined;
};

// Severity numbers per the OpenTelemetry log data model: 1-4 trace ... 17-24 fatal.
const SEVERITY_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'error'];
function levelOf(severityNumber: number | undefined, severityText: string | undefined): string {
  if (severityNumber && severityNumber > 0) return SEVERITY_LEVELS[Math.min(5, Math.floor((severityNumber - 1) / 4))]!;
  // Neither number nor text: the data model leaves severity unset; store it as info.
  return severityText ?? 'info';
}

/** A mapped attribute's value as text, the record's own before its resource's; undefined when neither has it. */
function mappedText(own: SplitAttributes, resource: SplitAttributes, key: MappedKey): string | undefined {
  const value = own.mapped?.[key] ?? resource.mapped?.[key];
  if (value === undefined || value === null) return undefined;
  // An object may carry its own key "toString", which String() would try to call.
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export type RecordOptions = { mayHoldEscapes: boolean; installation?: InstallationDefault | null };

/** The record at 1-based `position` as a line candidate, or why it cannot be one. */
export function candidateOfRecord(record: OtlpRecordFields, own: SplitAttributes, resource: SplitAttributes, position: number, options: RecordOptions): LineCandidate | string {
  const { time, observed } = record;
  if (typeof time === 'string') return time;
  if (typeof observed === 'string') return observed;
  if (!time && !observed) return 'timeUnixNano or observedTimeUnixNano is required';

  let moduleName = mappedText(own, resource, 'code.namespace');
  let fn = mappedText(own, resource, 'code.function') ?? mappedText(own, resource, 'code.function.name');
  // code.function.name is fully qualified ("module.fn") in newer semantic conventions.
  const dot = !moduleName && fn ? fn.lastIndexOf('.') : -1;
  if (dot > 0) {
    moduleName = fn!.slice(0, dot);
    fn = fn!.slice(dot + 1);
  }
  let extra = own.extra;
  if (record.spanId) (extra ??= {}).spanId = record.spanId;
  const body = record.body;

  const line = parseIngestLine({
    installationId: mappedText(own, resource, 'logshare.installation.id'),
    siteUrl: mappedText(own, resource, 'logshare.site.url'),
    timestamp: time || observed,
    level: levelOf(record.severityNumber, record.severityText),
    message: typeof body === 'string' ? body : body === null ? '' : JSON.stringify(body),
    invocationId: mappedText(own, resource, 'faas.invocation.id') ?? mappedText(own, resource, 'faas.invocation_id') ?? mappedText(own, resource, 'logshare.invocation.id'),
    traceId: record.traceId || undefined,
    module: moduleName,
    function: fn,
    appVersion: mappedText(own, resource, 'service.version'),
    attributes: extra && Object.keys(extra).length ? extra : undefined,
  }, options);
  if (!line.success) return line.error;
  // A record's own (or its resource's) installation wins over the request's.
  return withInstallation(candidateOf(line.data, position), options.installation);
}
