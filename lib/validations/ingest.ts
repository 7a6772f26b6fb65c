import { z } from 'zod';
import type { LogLevel } from '@/lib/generated/prisma/enums';
import { jsonBoundsProblem, type JsonBounds } from '@/lib/validations/json-bounds';
import { storableJsonText, storableLogText } from '@/lib/validations/text';
import { describeZodIssues } from '@/lib/validations/zod-issues';

// One line of POST /api/v1/ingest, in the shapes log shippers send by
// default: `msg` for `message`; `time`, `@timestamp` or `ts` for `timestamp`;
// pino's numeric levels; and any other field (pino's `pid`, `hostname`, every
// logged field) kept in `attributes` rather than refused, so nothing a sender
// meant to keep disappears silently.

export const MAX_MESSAGE_CHARS = 32_768;
export const MAX_ATTRIBUTES_BYTES = 16_384;
/** How far `attributes` may nest, how many keys and items it may hold, how long a key may be. */
export const ATTRIBUTES_BOUNDS: JsonBounds = { maxDepth: 16, maxEntries: 1_000, maxKeyChars: 256 };
const MAX_ID_CHARS = 200;

// Level names and the aliases that common loggers (syslog, log4j, Python, pino, Go) use.
// A Map, not an object: a level named "constructor" must not find Object.prototype's.
const LEVEL_ALIASES = new Map<string, LogLevel>(
  Object.entries({
    // pino/Log4j fatal, Python critical, syslog emerg…err.
    ERROR: ['error', 'err', 'fatal', 'critical', 'crit', 'alert', 'emerg', 'emergency', 'severe', 'panic'],
    WARN: ['warn', 'warning'],
    INFO: ['info', 'information', 'informational', 'notice', 'log'],
    // winston's http and verbose lie between info and debug.
    DEBUG: ['debug', 'fine', 'http', 'verbose'],
    // winston silly, Python notset, Log4j all: below debug.
    TRACE: ['trace', 'finer', 'finest', 'silly', 'notset', 'all'],
  } satisfies Record<LogLevel, string[]>).flatMap(([level, names]) => names.map((name) => [name, level as LogLevel] as const)),
);

export function levelOfName(name: string): LogLevel | undefined {
  return LEVEL_ALIASES.get(name.trim().toLowerCase());
}

/** pino's numeric levels: trace 10, debug 20, info 30, warn 40, error 50, fatal 60. */
const PINO_LEVELS = new Map<number, LogLevel>([
  [10, 'TRACE'],
  [20, 'DEBUG'],
  [30, 'INFO'],
  [40, 'WARN'],
  [50, 'ERROR'],
  [60, 'ERROR'],
]);

function levelOf(level: string | number): LogLevel | undefined {
  return typeof level === 'number' ? PINO_LEVELS.get(level) : levelOfName(level);
}

/**
 * Epoch numbers below 100,000,000,000 are seconds (a fraction allowed, as
 * Python's and syslog's time.time() give), from there on milliseconds: as
 * seconds that bound is the year 5138, as milliseconds March 1973, so no
 * time a live app logs falls on the wrong side.
 */
export const EPOCH_SECONDS_BELOW = 1e11;

/** A line's time in epoch milliseconds or ISO text, as `new Date()` reads it. */
function instantOf(timestamp: string | number): string | number {
  return typeof timestamp === 'number' && timestamp < EPOCH_SECONDS_BELOW ? Math.round(timestamp * 1000) : timestamp;
}

// Plain checks only: zod runs an object of plain checks on its compiled fast
// path, and each refinement or transform costs more a line (about three
// times the shape's cost with the level, attributes and installation rules
// written as zod refinements; figures in bench/README.md). parseIngestLine
// applies those three rules after the shape.
// NUL characters and unpaired surrogates (PostgreSQL cannot store them) are
// replaced after the shape, and only when the line's text holds an escape.
const optionalText = (max: number) => z.string().max(max, `must be at most ${max} characters`).nullish();

const isoWithOffset = z.iso.datetime({ offset: true, message: 'must be ISO-8601 with an offset or Z, or epoch seconds or milliseconds' });

/** ISO-8601 text, epoch seconds (with a fraction) or epoch milliseconds; see EPOCH_SECONDS_BELOW. */
export const timestampSchema = z.union([isoWithOffset, z.number().min(0).max(8.64e15)], {
  error: 'timestamp must be ISO-8601 with an offset or Z, or epoch seconds or milliseconds',
});

const ingestLineShape = z.strictObject({
  installationId: z.string().min(1).max(64).optional(),
  siteUrl: z.string().trim().toLowerCase().min(1).max(255).optional(),
  timestamp: timestampSchema,
  level: z.union([z.string(), z.number()], { error: 'level is required: a name or a pino number (10-60)' }),
  message: z.string({ error: 'message is required' }).min(1, 'message must not be empty').max(MAX_MESSAGE_CHARS, `message must be at most ${MAX_MESSAGE_CHARS} characters`),
  invocationId: optionalText(MAX_ID_CHARS),
  traceId: optionalText(MAX_ID_CHARS),
  module: optionalText(MAX_ID_CHARS),
  function: optionalText(MAX_ID_CHARS),
  appVersion: optionalText(64),
  // Checked by parseIngestLine, never copied: zod's records drop a key named
  // __proto__, and nothing a sender meant to keep may disappear silently.
  attributes: z.unknown().optional(),
});

type LineShape = z.output<typeof ingestLineShape>;

/** A valid line: its level as stored, its attributes as JSON text. */
export type IngestLine = Omit<LineShape, 'level' | 'attributes'> & { level: LogLevel; attributes: string | null };

const TEXT_FIELDS = ['installationId', 'siteUrl', 'message', 'invocationId', 'traceId', 'module', 'function', 'appVersion'] as const;

/** What a request may say once for all its lines (a header or query parameters); a line's own field wins. */
export type InstallationDefault = { installationId?: string; siteUrl?: string };

export type ParseLineOptions = {
  /** The line's JSON text holds a \u escape (see parseIngestLine). */
  mayHoldEscapes: boolean;
  /**
   * Epoch ms stored for a line without a time; without it such a line is
   * refused. Given, a line without a level is also taken, at info: shippers
   * that tail files (Fluent Bit, Vector, syslog-ng) send lines with none.
   */
  receivedAt?: number;
  installation?: InstallationDefault | null;
};

const FIELDS = new Set(['installationId', 'siteUrl', 'timestamp', 'level', 'message', 'invocationId', 'traceId', 'module', 'function', 'appVersion', 'attributes']);
/**
 * Other names shippers use, by the field they stand for; the first present
 * wins, the rest go to attributes. `trace_id` is what OpenTelemetry's pino and
 * winston instrumentations put on every line logged inside a span.
 */
const ALIASES = {
  // `log`: Docker's and Fluent Bit's name for a line read from a file or a container.
  message: ['message', 'msg', 'log'],
  timestamp: ['timestamp', 'time', '@timestamp', 'ts'],
  traceId: ['traceId', 'trace_id'],
} as const satisfies Record<string, readonly string[]>;
const ALIASED = Object.entries(ALIASES) as [keyof typeof ALIASES, readonly string[]][];

/**
 * The line in the shape's own names: aliases renamed, unknown fields moved
 * into `attributes`. A line already in those names (the common case) is
 * returned as it is, with no copy. A field whose name is already a key of
 * `attributes` is a problem: neither may be lost.
 */
function canonicalLine(value: Record<string, unknown>, problems: string[]): Record<string, unknown> {
  let plain = true;
  for (const key in value) {
    if (!FIELDS.has(key)) {
      plain = false;
      break;
    }
  }
  if (plain) return value;
  const line: Record<string, unknown> = {};
  const taken = new Set<string>();
  for (const [field, names] of ALIASED) {
    const name = names.find((alias) => Object.hasOwn(value, alias));
    if (name === undefined) continue;
    line[field] = value[name];
    taken.add(name);
  }
  const given = value.attributes;
  const mergeable = typeof given === 'object' && given !== null && !Array.isArray(given);
  // Attributes that are not an object are refused as such (attributesJsonOf), never replaced.
  const keepsGiven = given !== undefined && given !== null && !mergeable;
  if (keepsGiven) line.attributes = given;
  // Null prototype: a field named __proto__ becomes a key, not the object's prototype.
  let extra: Record<string, unknown> | null = mergeable ? Object.assign(Object.create(null) as Record<string, unknown>, given) : null;
  for (const key of Object.keys(value)) {
    if (taken.has(key) || key === 'attributes') continue;
    if (FIELDS.has(key)) line[key] = value[key];
    else if (extra && Object.hasOwn(extra, key) && mergeable && Object.hasOwn(given, key)) {
      problems.push(`field "${storableLogText(key.slice(0, 64))}" is also a key of attributes; rename one`);
    } else if (!keepsGiven) {
      extra ??= Object.create(null) as Record<string, unknown>;
      extra[key] = value[key];
    }
  }
  if (extra) line.attributes = extra;
  return line;
}

/**
 * One line of POST /api/v1/ingest (or an OTLP record mapped onto one), or
 * every problem it has in one sentence: the shape by zod, the level, the
 * bounds of the attributes, and that the line (or the request) names an
 * installation or a site. `mayHoldEscapes` (the line's JSON text holds a \u
 * escape) asks for NULs and unpaired surrogates to be replaced by U+FFFD;
 * without an escape JSON cannot carry either. `timeAssigned` says the line
 * had no time and got `receivedAt`, set on `value` itself (a freshly parsed
 * line: no copy for it).
 */
export function parseIngestLine(
  value: unknown,
  options: ParseLineOptions,
): { success: true; data: IngestLine; timeAssigned: boolean; levelAssigned: boolean } | { success: false; error: string } {
  const problems: string[] = [];
  let line = value;
  let timeAssigned = false;
  let levelAssigned = false;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    line = canonicalLine(value as Record<string, unknown>, problems);
    const record = line as Record<string, unknown>;
    if (record.timestamp === undefined && options.receivedAt !== undefined) {
      record.timestamp = options.receivedAt;
      timeAssigned = true;
    }
    if (record.level === undefined && options.receivedAt !== undefined) {
      record.level = 'info';
      levelAssigned = true;
    }
  }
  const parsed = ingestLineShape.safeParse(line);
  // The rules after the shape also run on a line the shape refused, so the answer names every problem at once.
  const raw = (parsed.success ? parsed.data : typeof line === 'object' && line !== null ? line : {}) as Partial<Record<keyof LineShape, unknown>>;
  if (!parsed.success) problems.unshift(describeIssues(parsed.error));
  const name = raw.level;
  const level = typeof name === 'string' || typeof name === 'number' ? levelOf(name) : undefined;
  if (!level && (typeof name === 'string' || typeof name === 'number')) {
    problems.push(`level: level "${storableLogText(String(name).slice(0, 40))}" is not one of error, warn, info, debug, trace (or a common alias, or a pino number 10-60)`);
  }
  const attributesJson = attributesJsonOf(raw.attributes, problems);
  if (raw.installationId === undefined && raw.siteUrl === undefined && !options.installation) problems.push('installationId or siteUrl is required');
  if (!parsed.success || !level || problems.length) return { success: false, error: problems.join('; ') };
  const { level: _level, attributes: _attributes, ...fields } = parsed.data;
  fields.timestamp = instantOf(fields.timestamp);
  if (options.mayHoldEscapes) {
    for (const field of TEXT_FIELDS) {
      const text = fields[field];
      if (typeof text === 'string') fields[field] = storableLogText(text);
    }
  }
  return {
    success: true,
    timeAssigned,
    levelAssigned,
    data: Object.assign(fields, { level, attributes: attributesJson && (options.mayHoldEscapes ? storableJsonText(attributesJson) : attributesJson) }),
  };
}

/** The attributes as JSON text, or null for none; a problem is pushed onto `problems`. Bounded before JSON.stringify walks them. */
function attributesJsonOf(attributes: unknown, problems: string[]): string | null {
  if (attributes === undefined || attributes === null) return null;
  if (typeof attributes !== 'object' || Array.isArray(attributes)) {
    problems.push('attributes: attributes must be an object');
    return null;
  }
  const outOfBounds = jsonBoundsProblem(attributes, ATTRIBUTES_BOUNDS);
  if (outOfBounds) {
    problems.push(`attributes: attributes ${outOfBounds}`);
    return null;
  }
  const json = JSON.stringify(attributes);
  if (Buffer.byteLength(json) > MAX_ATTRIBUTES_BYTES) problems.push(`attributes: attributes must be at most ${MAX_ATTRIBUTES_BYTES} bytes as JSON`);
  return json;
}

/** A line's problem in one sentence, for the `rejected` list. */
export function describeIssues(error: z.ZodError): string {
  // Issues may quote the sender's keys; the answer is stored for idempotency, so it must be storable.
  return storableLogText(describeZodIssues(error));
}
