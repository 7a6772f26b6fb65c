import { z } from 'zod';
import { text } from '@/lib/validations/text';

export const signInSchema = z.object({
  email: text().trim().toLowerCase().email('Enter an e-mail address').max(320),
  password: text().min(1, 'Enter your password').max(1024),
});

export type SignInInput = z.infer<typeof signInSchema>;
