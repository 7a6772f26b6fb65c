import { z } from 'zod';
import type { LogLevel } from '@/lib/generated/prisma/enums';
import { jsonBoundsProblem, type JsonBounds } from '@/lib/validations/json-bounds';
import { storableJsonText, storableLogText } from '@/lib/validations/text';
import { describeZodIssues } from '@/lib/validations/zod-issues';

// One NDJSON line of POST /api/v1/ingest. Unknown fields are refused rather
// than dropped, so nothing a sender meant to keep disappears silently; extra
// data belongs in `attributes`.

export const MAX_MESSAGE_CHARS = 32_768;
export const MAX_ATTRIBUTES_BYTES = 16_384;
/** How far `attributes` may nest, how many keys and items it may hold, how long a key may be. */
export const ATTRIBUTES_BOUNDS: JsonBounds = { maxDepth: 16, maxEntries: 1_000, maxKeyChars: 256 };
const MAX_ID_CHARS = 200;

// Level names and the aliases that common loggers (syslog, log4j, Python, pino, Go) use.
// A Map, not an object: a level named "constructor" must not find Object.prototype's.
const LEVEL_ALIASES = new Map<string, LogLevel>(
  Object.entries({
    ERROR: ['error', 'err', 'fatal', 'critical', 'crit', 'alert', 'emerg', 'emergency', 'severe', 'panic'],
    WARN: ['warn', 'warning'],
    INFO: ['info', 'information', 'informational', 'notice', 'log'],
    DEBUG: ['debug', 'fine'],
    TRACE: ['trace', 'verbose', 'finer', 'finest'],
  } satisfies Record<LogLevel, string[]>).flatMap(([level, names]) => names.map((name) => [name, level as LogLevel] as const)),
);

export function levelOfName(name: string): LogLevel | undefined {
  return LEVEL_ALIASES.get(name.trim().toLowerCase());
}

// Plain checks only: zod runs an object of plain checks on its compiled fast
// path, and each refinement or transform costs more a line (about three
// times the shape's cost with the level, attributes and installation rules
// written as zod refinements; figures in bench/README.md). parseIngestLine
// applies those three rules after the shape.
// NUL characters and unpaired surrogates (PostgreSQL cannot store them) are
// replaced after the shape, and only when the line's text holds an escape.
const optionalText = (max: number) => z.string().max(max, `must be at most ${max} characters`).nullish();

const isoWithOffset = z.iso.datetime({ offset: true, message: 'must be ISO-8601 with an offset or Z, or epoch milliseconds' });

/** ISO-8601 text or epoch milliseconds; `new Date(value)` reads either. */
export const timestampSchema = z.union([isoWithOffset, z.number().int('epoch milliseconds must be a whole number').min(0).max(8.64e15)], {
  error: 'timestamp must be ISO-8601 with an offset or Z, or epoch milliseconds',
});

const ingestLineShape = z.strictObject({
  installationId: z.string().min(1).max(64).optional(),
  siteUrl: z.string().trim().toLowerCase().min(1).max(255).optional(),
  timestamp: timestampSchema,
  level: z.string({ error: 'level is required' }),
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

/**
 * One line of POST /api/v1/ingest (or an OTLP record mapped onto one), or
 * its problems in one sentence: the shape by zod, then the level's name, the
 * bounds of the attributes, and that the line names an installation or a
 * site. `mayHoldEscapes` (the line's JSON text holds a \u escape) asks for
 * NULs and unpaired surrogates to be replaced by U+FFFD; without an escape
 * JSON cannot carry either.
 */
export function parseIngestLine(value: unknown, options: { mayHoldEscapes: boolean }): { success: true; data: IngestLine } | { success: false; error: string } {
  const parsed = ingestLineShape.safeParse(value);
  if (!parsed.success) return { success: false, error: describeIssues(parsed.error) };
  const { level: name, attributes, ...fields } = parsed.data;
  const problems: string[] = [];
  const level = levelOfName(name);
  if (!level) problems.push(`level: level "${storableLogText(name.slice(0, 40))}" is not one of error, warn, info, debug, trace (or a common alias)`);
  const attributesJson = attributesJsonOf(attributes, problems);
  if (fields.installationId === undefined && fields.siteUrl === undefined) problems.push('installationId or siteUrl is required');
  if (!level || problems.length) return { success: false, error: problems.join('; ') };
  if (options.mayHoldEscapes) {
    for (const field of TEXT_FIELDS) {
      const text = fields[field];
      if (typeof text === 'string') fields[field] = storableLogText(text);
    }
  }
  return { success: true, data: Object.assign(fields, { level, attributes: attributesJson && (options.mayHoldEscapes ? storableJsonText(attributesJson) : attributesJson) }) };
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
