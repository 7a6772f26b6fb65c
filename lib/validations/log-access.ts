import { z } from 'zod';
import { isoInstantSchema } from '@/lib/validations/time';
import { grantScopeSchema } from '@/lib/validations/grant-scope';

/** PUT /api/v1/installations/{id}/log-access */
export const logAccessChangeSchema = z.discriminatedUnion(
  'enabled',
  [
    z.strictObject({ enabled: z.literal(true), expiresAt: isoInstantSchema.nullish(), scope: grantScopeSchema.nullish() }),
    z.strictObject({ enabled: z.literal(false) }),
  ],
  { error: 'enabled must be true or false' },
);

/** POST /api/v1/installations/{id}/log-access/preview: the scope to preview (null or {}: the full grant). */
export const logAccessPreviewSchema = z.strictObject({ scope: grantScopeSchema.nullish() });

export type LogAccessChange = z.input<typeof logAccessChangeSchema>;
