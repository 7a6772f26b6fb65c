import { z } from 'zod';
import { text } from '@/lib/validations/text';
import { appLogQuerySchema } from '@/lib/validations/logs';

/** Most patterns one answer lists. */
export const MAX_PATTERNS = 200;

/** GET /api/v1/apps/{appId}/logs/patterns: the viewer's filters, grouped by message template. */
export const appPatternsQuerySchema = appLogQuerySchema.omit({ limit: true, cursor: true, format: true }).extend({
  top: z.coerce.number().int('top must be a whole number').min(1, 'top must be at least 1').max(MAX_PATTERNS, `top must be at most ${MAX_PATTERNS}`).default(50),
  /** An app version: only templates not seen before its first line. */
  newSince: text().trim().min(1, 'newSince must name a version').max(200, 'newSince must be at most 200 characters').optional(),
});

export type AppPatternsQuery = z.output<typeof appPatternsQuerySchema>;
