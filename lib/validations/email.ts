import { z } from 'zod';

/** GET /api/v1/dev/outbox?to= */
export const outboxQuerySchema = z.strictObject({
  to: z.string().trim().toLowerCase().pipe(z.email('to must be an e-mail address')).optional(),
});
