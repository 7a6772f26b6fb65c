import { z } from 'zod';
import type { LogLevel } from '@/lib/generated/prisma/enums';

// One NDJSON line of POST /api/v1/ingest. Unknown fields are refused rather
// than dropped, so nothing a sender meant to keep disappears silently; extra
// data belongs in `attributes`.

export const MAX_MESSAGE_CHARS = 32_768;
export const MAX_ATTRIBUTES_BYTES = 16_384;
const MAX_ID_CHARS = 200;

// Level names and the aliases that common loggers (syslog, log4j, Python, pino, Go) use.
const LEVEL_ALIASES: Record<string, LogLevel> = {
  error: 'ERROR', err: 'ERROR', fatal: 'ERROR', critical: 'ERROR', crit: 'ERROR', alert: 'ERROR', emerg: 'ERROR', emergency: 'ERROR', severe: 'ERROR', panic: 'ERROR',
  warn: 'WARN', warning: 'WARN',
  info: 'INFO', information: 'INFO', informational: 'INFO', notice: 'INFO', log: 'INFO',
  debug: 'DEBUG', fine: 'DEBUG',
  trace: 'TRACE', verbose: 'TRACE', finer: 'TRACE', finest: 'TRACE',
};

export function levelOfName(name: string): LogLevel | undefined {
  return LEVEL_ALIASES[name.trim().toLowerCase()];
}

// Plain checks, few transforms: this schema runs on every ingested line, and
// candidateOf (lib/ingest/line-candidate.ts) turns its output into a line.
// NUL characters (PostgreSQL cannot store them) are looked for by hasNul, and
// only when the line's text holds the escape at all.
const optionalText = (max: number) => z.string().max(max, `must be at most ${max} characters`).nullish();

const isoWithOffset = z.iso.datetime({ offset: true, message: 'must be ISO-8601 with an offset or Z, or epoch milliseconds' });

/** ISO-8601 text or epoch milliseconds; `new Date(value)` reads either. */
export const timestampSchema = z.union([isoWithOffset, z.number().int('epoch milliseconds must be a whole number').min(0).max(8.64e15)], {
  error: 'timestamp must be ISO-8601 with an offset or Z, or epoch milliseconds',
});

export const attributesSchema = z
  .record(z.string(), z.unknown(), { error: 'attributes must be an object' })
  .transform((value, ctx) => {
    const json = JSON.stringify(value);
    if (Buffer.byteLength(json) > MAX_ATTRIBUTES_BYTES) ctx.addIssue({ code: 'custom', message: `attributes must be at most ${MAX_ATTRIBUTES_BYTES} bytes as JSON` });
    return json;
  });

export const ingestLineSchema = z
  .strictObject({
    installationId: z.string().min(1).max(64).optional(),
    siteUrl: z.string().trim().toLowerCase().min(1).max(255).optional(),
    timestamp: timestampSchema,
    level: z.string({ error: 'level is required' }).transform((value, ctx) => {
      const level = levelOfName(value);
      if (!level) ctx.addIssue({ code: 'custom', message: `level "${value.slice(0, 40)}" is not one of error, warn, info, debug, trace (or a common alias)` });
      return level as LogLevel;
    }),
    message: z.string({ error: 'message is required' }).min(1, 'message must not be empty').max(MAX_MESSAGE_CHARS, `message must be at most ${MAX_MESSAGE_CHARS} characters`),
    invocationId: optionalText(MAX_ID_CHARS),
    traceId: optionalText(MAX_ID_CHARS),
    module: optionalText(MAX_ID_CHARS),
    function: optionalText(MAX_ID_CHARS),
    appVersion: optionalText(64),
    attributes: attributesSchema.nullish(),
  })
  .refine((line) => line.installationId !== undefined || line.siteUrl !== undefined, 'installationId or siteUrl is required');

export type IngestLine = z.output<typeof ingestLineSchema>;

/** Whether a parsed value holds a NUL character anywhere (keys included): PostgreSQL text and jsonb cannot. */
export function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v));
  return false;
}

export const NUL_ERROR = 'the line must not contain NUL characters (\\u0000)';

/** A line's problem in one sentence, for the `rejected` list. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
