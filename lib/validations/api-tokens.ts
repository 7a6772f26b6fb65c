import { z } from 'zod';
import { isoInstantSchema } from '@/lib/validations/time';

export const createApiTokenSchema = z.strictObject({
  name: z.string().trim().min(1, 'Give the token a name').max(100),
  expiresAt: isoInstantSchema.nullish(),
});
