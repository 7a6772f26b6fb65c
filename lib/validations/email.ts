import { z } from 'zod';
import { text } from '@/lib/validations/text';

/** GET /api/v1/dev/outbox?to= */
export const outboxQuerySchema = z.strictObject({
  to: text().trim().toLowerCase().pipe(z.email('to must be an e-mail address')).optional(),
});
