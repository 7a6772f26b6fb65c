import { describe, expect, it } from 'vitest';
import { signInSchema } from '@/lib/validations/auth';

describe('sign-in input', () => {
  it('normalises the e-mail', () => {
    expect(signInSchema.parse({ email: '  Admin@ACME.example ', password: 'demo' })).toEqual({ email: 'admin@acme.example', password: 'demo' });
  });

  it('refuses a missing password and a non-address', () => {
    expect(signInSchema.safeParse({ email: 'admin@acme.example', password: '' }).success).toBe(false);
    expect(signInSchema.safeParse({ email: 'admin', password: 'demo' }).success).toBe(false);
  });
});
