import { z } from 'zod';
import { text } from '@/lib/validations/text';

export const INGEST_ENVIRONMENTS = ['production', 'staging', 'development'] as const;

/** POST /api/v1/apps/{appId}/ingest-tokens */
export const createIngestTokenSchema = z.strictObject({
  name: text().trim().min(1, 'Give the token a name').max(100),
  environment: z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(INGEST_ENVIRONMENTS, { error: `environment must be one of ${INGEST_ENVIRONMENTS.join(', ')}` }))
    .transform((v) => v.toUpperCase() as 'PRODUCTION' | 'STAGING' | 'DEVELOPMENT'),
});
