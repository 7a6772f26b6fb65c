import { z } from 'zod';

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter an e-mail address').max(320),
  password: z.string().min(1, 'Enter your password').max(1024),
});

export type SignInInput = z.infer<typeof signInSchema>;
