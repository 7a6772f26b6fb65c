import { z } from 'zod';
import { isoInstantSchema } from '@/lib/validations/time';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type ApiLogLevel = (typeof LOG_LEVELS)[number];

export const MAX_LOG_PAGE = 1000;

const rangeShape = {
  from: isoInstantSchema,
  to: isoInstantSchema,
};

/** ?level=error,warn — case-insensitive, comma-separated. */
const levelsSchema = z
  .string()
  .transform((value) => value.split(',').map((l) => l.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.enum(LOG_LEVELS, { error: `level must be among ${LOG_LEVELS.join(', ')}` })).min(1));

/** GET .../logs */
export const logSliceQuerySchema = z.strictObject({
  ...rangeShape,
  limit: z.coerce.number().int('limit must be a whole number').min(1).max(MAX_LOG_PAGE, `limit must be at most ${MAX_LOG_PAGE}`).default(100),
  cursor: z.string().max(200).optional(),
  level: levelsSchema.optional(),
  q: z.string().trim().min(1).max(200).optional(),
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
