import { z } from 'zod';
import { isoInstantSchema } from '@/lib/validations/time';
import { text } from '@/lib/validations/text';
import { parseSearchQuery, SearchQueryError } from '@/lib/search/parse-query';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type ApiLogLevel = (typeof LOG_LEVELS)[number];

export const MAX_LOG_PAGE = 1000;

const rangeShape = {
  from: isoInstantSchema,
  to: isoInstantSchema,
};

/** ?level=error,warn — case-insensitive, comma-separated. */
const levelsSchema = text()
  .max(100, 'level must be at most 100 characters')
  .transform((value) => value.split(',').map((l) => l.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.enum(LOG_LEVELS, { error: `level must be among ${LOG_LEVELS.join(', ')}` })).min(1));

/**
 * ?q=: the search language (lib/search/parse-query.ts), parsed here so every
 * endpoint refuses a query it cannot run before reading anything; the issue
 * carries the column for the answer's error.details.
 */
export const searchQuerySchema = z.string().transform((value, ctx) => {
  try {
    return parseSearchQuery(value);
  } catch (error) {
    if (!(error instanceof SearchQueryError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message, params: { column: error.column, length: error.length } });
    return z.NEVER;
  }
});

/** GET .../logs */
export const logSliceQuerySchema = z.strictObject({
  ...rangeShape,
  limit: z.coerce.number().int('limit must be a whole number').min(1).max(MAX_LOG_PAGE, `limit must be at most ${MAX_LOG_PAGE}`).default(100),
  cursor: text().max(200).optional(),
  level: levelsSchema.optional(),
  q: searchQuerySchema.optional(),
});

/** GET .../logs/summary */
export const logSummaryQuerySchema = z.strictObject(rangeShape);

/** GET .../logs/export */
export const logExportQuerySchema = z.strictObject({
  ...rangeShape,
  format: z.enum(['ndjson', 'csv'], { error: 'format must be ndjson or csv' }).default('ndjson'),
  mask: z
    .enum(['true', 'false'], { error: 'mask must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
});

export type LogSliceQuery = z.output<typeof logSliceQuerySchema>;

/** A comma-separated list: at most 50 entries of at most 200 characters, and 4,000 characters in all. */
const listSchema = text()
  .max(4_000, 'a list must be at most 4000 characters')
  .transform((value) => value.split(',').map((v) => v.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(200)).min(1).max(50));

/** GET /api/v1/apps/{appId}/logs: the developer console's viewer. Lists are comma-separated. */
export const appLogQuerySchema = z.strictObject({
  ...rangeShape,
  limit: z.coerce.number().int('limit must be a whole number').min(1).max(MAX_LOG_PAGE, `limit must be at most ${MAX_LOG_PAGE}`).default(20),
  cursor: text().max(200).optional(),
  level: levelsSchema.optional(),
  q: searchQuerySchema.optional(),
  site: listSchema.optional(),
  environment: z
    .enum(['production', 'staging', 'development'], { error: 'environment must be production, staging or development' })
    .optional(),
  version: listSchema.optional(),
  invocationId: text().trim().min(1).max(200).optional(),
  format: z.enum(['json', 'otlp'], { error: 'format must be json or otlp' }).default('json'),
});

export type AppLogQuery = z.output<typeof appLogQuerySchema>;

/** GET /api/v1/apps/{appId}/logs/count: the viewer's filters and range. */
export const appLogCountQuerySchema = appLogQuerySchema.omit({ limit: true, cursor: true, format: true });

export type AppLogCountQuery = z.output<typeof appLogCountQuerySchema>;

/** Lines either side of a line that its context read may ask for, each way. */
export const MAX_CONTEXT_LINES = 200;

const contextCount = (name: string) =>
  z.coerce
    .number()
    .int(`${name} must be a whole number`)
    .min(0, `${name} must be at least 0`)
    .max(MAX_CONTEXT_LINES, `${name} must be at most ${MAX_CONTEXT_LINES}`)
    .default(25);

/** GET /api/v1/apps/{appId}/logs/lines/{lineRef}/context: lines of the same installation before and after one line. */
export const lineContextQuerySchema = z.strictObject({ before: contextCount('before'), after: contextCount('after') });

export type LineContextQuery = z.output<typeof lineContextQuerySchema>;

/** GET /api/v1/apps/{appId}/logs/tail: the viewer's filters without a time range. */
export const appTailQuerySchema = appLogQuerySchema.omit({ from: true, to: true, limit: true, cursor: true, format: true });

export type AppTailQuery = z.output<typeof appTailQuerySchema>;

/** GET /api/v1/apps/{appId}/logs/export: the viewer's current view as a file. */
export const appExportQuerySchema = appLogQuerySchema.omit({ limit: true, cursor: true, format: true }).extend({
  format: logExportQuerySchema.shape.format,
  mask: logExportQuerySchema.shape.mask,
});
