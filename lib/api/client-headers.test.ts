import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseTrustedProxies } from '@/lib/security/client-address';
import { announceClientStamping, clientAddressOf, reachedOverHttps, stampClientHeaders } from '@/lib/api/client-headers';

// The portal's server stamps who the client is; the app believes only that stamp.

const arriving = (remoteAddress: string, headers: Record<string, string>) => ({ socket: { remoteAddress }, headers: { ...headers } }) as unknown as IncomingMessage;
const asHeaders = (req: IncomingMessage) => new Headers(req.headers as Record<string, string>);

afterEach(() => vi.unstubAllEnvs());

describe('stampClientHeaders', () => {
  it('overwrites whatever the client sent in the stamp headers', () => {
    vi.stubEnv('LOGSHARE_STAMPS_CLIENT_HEADERS', undefined);
    announceClientStamping();
    const req = arriving('198.51.100.4', { 'x-logshare-client-ip': '6.6.6.6', 'x-logshare-client-proto': 'https', 'x-forwarded-for': '6.6.6.7', 'x-forwarded-proto': 'https' });
    stampClientHeaders(req, parseTrustedProxies([]));
    expect(clientAddressOf(asHeaders(req))).toBe('198.51.100.4');
    expect(reachedOverHttps(asHeaders(req), 'http://portal.test')).toBe(false);
  });

  it('takes the forwarded client and protocol from a trusted proxy', () => {
    vi.stubEnv('LOGSHARE_STAMPS_CLIENT_HEADERS', undefined);
    announceClientStamping();
    const req = arriving('::ffff:10.0.0.2', { 'x-forwarded-for': '6.6.6.6, 203.0.113.9', 'x-forwarded-proto': 'https' });
    stampClientHeaders(req, parseTrustedProxies(['10.0.0.0/8']));
    expect(clientAddressOf(asHeaders(req))).toBe('203.0.113.9');
    expect(reachedOverHttps(asHeaders(req), 'http://portal.test')).toBe(true);
  });

  it('believes no stamp when the portal was not started by its own server', () => {
    vi.stubEnv('LOGSHARE_STAMPS_CLIENT_HEADERS', undefined);
    const headers = new Headers({ 'x-logshare-client-ip': '6.6.6.6', 'x-logshare-client-proto': 'https' });
    expect(clientAddressOf(headers)).toBeNull();
    expect(reachedOverHttps(headers, 'http://portal.test')).toBe(false);
    expect(reachedOverHttps(headers, 'https://portal.test')).toBe(true);
  });
});
