import { z } from 'zod';
import { text } from '@/lib/validations/text';
import { isoInstantSchema } from '@/lib/validations/time';

export const createApiTokenSchema = z.strictObject({
  name: text().trim().min(1, 'Give the token a name').max(100),
  expiresAt: isoInstantSchema.nullish(),
});
