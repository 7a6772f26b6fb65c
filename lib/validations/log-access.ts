import { z } from 'zod';
import { isoInstantSchema } from '@/lib/validations/time';

/** PUT /api/v1/installations/{id}/log-access */
export const logAccessChangeSchema = z.discriminatedUnion(
  'enabled',
  [
    z.strictObject({ enabled: z.literal(true), expiresAt: isoInstantSchema.nullish() }),
    z.strictObject({ enabled: z.literal(false) }),
  ],
  { error: 'enabled must be true or false' },
);

export type LogAccessChange = z.input<typeof logAccessChangeSchema>;
