import { describe, expect, it } from 'vitest';
import { sessionCookieName } from '@/lib/auth/session-cookie';

// getViewer reads the cookie next-auth writes: its name depends on how the portal is served.
describe('sessionCookieName', () => {
  it('is next-auth’s name: __Secure- prefixed over https only', () => {
    expect(sessionCookieName('https://logs.example.com')).toBe('__Secure-next-auth.session-token');
    expect(sessionCookieName('http://127.0.0.1:3000')).toBe('next-auth.session-token');
  });
});
