import { describe, expect, it } from 'vitest';
import { newNonce, pageContentSecurityPolicy } from '@/lib/api/security-headers';

// A page's Content-Security-Policy: scripts only with the response's nonce, never framed.

const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const));

describe('pageContentSecurityPolicy', () => {
  it('allows scripts only with the nonce, no inline script or eval, and forbids framing, plugins and <base>', () => {
    const policy = directives(pageContentSecurityPolicy({ nonce: 'abc123==', https: false, development: false }));
    expect(policy.get('script-src')).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
  });

  it('upgrades insecure requests only over https, and allows eval only in development', () => {
    expect(pageContentSecurityPolicy({ nonce: 'n', https: true, development: false })).toMatch(/; upgrade-insecure-requests$/);
    expect(directives(pageContentSecurityPolicy({ nonce: 'n', https: false, development: true })).get('script-src')).toContain("'unsafe-eval'");
  });
});

describe('newNonce', () => {
  it('is 128 random bits, new every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });
});
