import { describe, expect, it } from 'vitest';
import { portalCallbackPath, portalCallbackUrl } from '@/lib/auth/callback-url';

// A callback URL must never take anyone off the portal, however the browser would read it.

const portal = 'https://logs.example.com';

describe('portalCallbackPath', () => {
  it('keeps paths on the portal, with their query and fragment', () => {
    expect(portalCallbackPath('/admin/acme.atlassian.net/audit', portal)).toBe('/admin/acme.atlassian.net/audit');
    expect(portalCallbackPath('/console/apps/a1/logs?level=error&q=x#top', portal)).toBe('/console/apps/a1/logs?level=error&q=x#top');
    expect(portalCallbackPath('https://logs.example.com/console?x=1', portal)).toBe('/console?x=1');
    expect(portalCallbackPath('console', portal)).toBe('/console');
  });

  it('sends everything that would leave the portal home', () => {
    const hostile = [
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '\t//evil.example',
      ' //evil.example',
      '/\\/evil.example',
      'https://evil.example',
      'https://evil.example/https://logs.example.com',
      'http://logs.example.com/console', // another origin: the scheme differs
      'https://logs.example.com:8443/console',
      'https://logs.example.com.evil.example/',
      'https://logs.example.com@evil.example/',
      'javascript:alert(document.domain)',
      'data:text/html,<script>alert(1)</script>',
      'http://[::1', // not a URL at all
    ];
    for (const value of hostile) {
      const path = portalCallbackPath(value, portal);
      expect(path, JSON.stringify(value)).toBe('/');
    }
  });

  it('never answers with a path the browser would read as another host', () => {
    // On the portal, but "//evil.example" alone would be protocol-relative.
    expect(portalCallbackPath('https://logs.example.com//evil.example/x', portal)).toBe('/evil.example/x');
    expect(portalCallbackPath('/.//evil.example', portal)).toBe('/evil.example');
    // Same scheme without slashes is a relative path for the browser too.
    expect(portalCallbackPath('https:evil.example', portal)).toBe('/evil.example');
    for (const value of ['/a', '/\\b', '//c', 'https://logs.example.com//d', '/./\\e', '/%2F%2Ff', '/..//g']) {
      expect(new URL(portalCallbackPath(value, portal), portal).origin, value).toBe(portal);
    }
  });

  it('sends anything that is not a usable string home', () => {
    for (const value of [undefined, null, '', ['/console'], 42, `/${'a'.repeat(3000)}`]) expect(portalCallbackPath(value, portal)).toBe('/');
  });

  it('takes the portal origin from a URL that has a path', () => {
    expect(portalCallbackPath('/console', 'http://127.0.0.1:3000/api/auth')).toBe('/console');
    expect(portalCallbackPath('http://127.0.0.1:3001/console', 'http://127.0.0.1:3000/')).toBe('/');
  });
});

describe('portalCallbackUrl (next-auth’s redirect callback)', () => {
  it('answers with an absolute URL on the portal and never throws', () => {
    expect(portalCallbackUrl('/console?x=1', portal)).toBe('https://logs.example.com/console?x=1');
    expect(portalCallbackUrl('https://logs.example.com/admin', portal)).toBe('https://logs.example.com/admin');
    expect(portalCallbackUrl('/\\evil.example', portal)).toBe('https://logs.example.com/');
    expect(portalCallbackUrl('https://evil.example/', portal)).toBe('https://logs.example.com/');
    // next-auth's default check throws on these (a 500).
    expect(portalCallbackUrl('not a url', portal)).toBe('https://logs.example.com/not%20a%20url');
    expect(portalCallbackUrl('http://[::1', portal)).toBe('https://logs.example.com/');
  });
});
