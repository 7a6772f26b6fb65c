import { describe, expect, it } from 'vitest';
import { isTrustedProxyEntry, parseTrustedProxies, resolveClient } from '@/lib/security/client-address';

// The client's address for the audit trail: the socket's peer, unless the
// peer is a trusted proxy; then X-Forwarded-For from the right.

const none = parseTrustedProxies([]);
const loopbackProxy = parseTrustedProxies(['127.0.0.1']);
const address = (peer: string | undefined, forwardedFor?: string | string[], trusted = none) => resolveClient({ peer, forwardedFor }, trusted).address;

describe('resolveClient without trusted proxies', () => {
  it('records the socket peer and ignores what the client claims', () => {
    expect(address('198.51.100.4', '203.0.113.66')).toBe('198.51.100.4');
    expect(resolveClient({ peer: '198.51.100.4', forwardedFor: '203.0.113.66', forwardedProto: 'https' }, none)).toEqual({ address: '198.51.100.4', protocol: 'http' });
  });

  it('writes IPv4-mapped IPv6 peers as IPv4 and IPv6 peers in their short form', () => {
    expect(address('::ffff:198.51.100.4')).toBe('198.51.100.4');
    expect(address('2001:db8:0:0:0:0:0:7')).toBe('2001:db8::7');
  });

  it('has no address when the socket has none', () => {
    expect(address(undefined, '203.0.113.66')).toBeNull();
  });
});

describe('resolveClient behind trusted proxies', () => {
  it('takes the address the trusted proxy appended, not the one the client wrote first', () => {
    expect(address('127.0.0.1', '6.6.6.6, 203.0.113.9', loopbackProxy)).toBe('203.0.113.9');
  });

  it('walks past every trusted proxy in a chain (CIDR ranges, IPv4 and IPv6)', () => {
    const trusted = parseTrustedProxies(['10.0.0.0/8', 'fd00::/8']);
    expect(address('10.1.2.3', '6.6.6.6, 203.0.113.9, 10.9.9.9, fd00::5', trusted)).toBe('203.0.113.9');
    expect(address('fd00::1', '2001:db8::42', trusted)).toBe('2001:db8::42');
    // Several X-Forwarded-For headers count as one list.
    expect(address('10.1.2.3', ['6.6.6.6', '203.0.113.9'], trusted)).toBe('203.0.113.9');
  });

  it('matches an IPv4-mapped peer against IPv4 ranges, and IPv4-mapped ranges against IPv4 peers', () => {
    expect(address('::ffff:10.0.0.7', '203.0.113.9', parseTrustedProxies(['10.0.0.0/8']))).toBe('203.0.113.9');
    expect(address('10.0.0.7', '203.0.113.9', parseTrustedProxies(['::ffff:10.0.0.0/104']))).toBe('203.0.113.9');
    expect(address('::ffff:127.0.0.1', '::ffff:203.0.113.9', loopbackProxy)).toBe('203.0.113.9');
  });

  it('does not trust a peer just outside the range', () => {
    const trusted = parseTrustedProxies(['192.0.2.0/25', '2001:db8:1::/48']);
    expect(address('192.0.2.128', '203.0.113.9', trusted)).toBe('192.0.2.128');
    expect(address('192.0.2.127', '203.0.113.9', trusted)).toBe('203.0.113.9');
    expect(address('2001:db8:2::1', '203.0.113.9', trusted)).toBe('2001:db8:2::1');
    expect(address('2001:db8:1:ffff::1', '203.0.113.9', trusted)).toBe('203.0.113.9');
  });

  it('stops at the last real address when an entry is not one, and keeps the proxy when nothing was forwarded', () => {
    expect(address('127.0.0.1', '203.0.113.9, <script>', loopbackProxy)).toBe('127.0.0.1');
    expect(address('127.0.0.1', 'unknown, 203.0.113.9', loopbackProxy)).toBe('203.0.113.9');
    expect(address('127.0.0.1', '127.1', loopbackProxy)).toBe('127.0.0.1');
    expect(address('127.0.0.1', undefined, loopbackProxy)).toBe('127.0.0.1');
  });

  it('believes X-Forwarded-Proto only from a trusted proxy', () => {
    expect(resolveClient({ peer: '127.0.0.1', forwardedProto: 'https' }, loopbackProxy).protocol).toBe('https');
    expect(resolveClient({ peer: '127.0.0.1', forwardedProto: 'HTTPS, http' }, loopbackProxy).protocol).toBe('https');
    expect(resolveClient({ peer: '127.0.0.1', forwardedProto: 'http' }, loopbackProxy).protocol).toBe('http');
    expect(resolveClient({ peer: '127.0.0.2', forwardedProto: 'https' }, loopbackProxy).protocol).toBe('http');
  });
});

describe('TRUSTED_PROXIES entries', () => {
  it('takes addresses and CIDR ranges of both families', () => {
    for (const entry of ['10.0.0.1', '10.0.0.0/8', '::1', '2001:db8::/32', '::ffff:10.0.0.0/104', ' 192.168.0.0/16 ']) {
      expect(isTrustedProxyEntry(entry), entry).toBe(true);
    }
  });

  it('refuses anything else, and parsing names the bad entry', () => {
    for (const entry of ['', 'proxy.example', '10.0.0.0/33', '10.0.0/8', '127.1', '::1/129', '10.0.0.1/']) {
      expect(isTrustedProxyEntry(entry), entry).toBe(false);
    }
    expect(() => parseTrustedProxies(['10.0.0.1', 'proxy.example'])).toThrow('"proxy.example" is not an IP address or CIDR range');
  });
});
