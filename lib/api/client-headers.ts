import type { IncomingMessage } from 'node:http';
import { resolveClient, type TrustedProxies } from '@/lib/security/client-address';

// Route handlers and the proxy cannot see the socket, so the portal's own
// HTTP server (scripts/start.ts) resolves the client and hands it on in two
// request headers that it always overwrites: a client that sends them itself
// is not believed. They are read only when that server stamped them (the flag
// below), so a portal run some other way never trusts a client's copy.

export const CLIENT_ADDRESS_HEADER = 'x-logshare-client-ip';
export const CLIENT_PROTOCOL_HEADER = 'x-logshare-client-proto';
const STAMPED_FLAG = 'LOGSHARE_STAMPS_CLIENT_HEADERS';

/** Called once by the portal's server before it serves: from then on the stamped headers are believed. */
export function announceClientStamping(): void {
  process.env[STAMPED_FLAG] = '1';
}

/** Overwrites the client headers of a request that just arrived on the socket. */
export function stampClientHeaders(req: IncomingMessage, trusted: TrustedProxies): void {
  const client = resolveClient(
    { peer: req.socket.remoteAddress, forwardedFor: req.headers['x-forwarded-for'], forwardedProto: req.headers['x-forwarded-proto'] },
    trusted,
  );
  req.headers[CLIENT_ADDRESS_HEADER] = client.address ?? '';
  req.headers[CLIENT_PROTOCOL_HEADER] = client.protocol;
}

/** The client's address as the portal's server resolved it; null when unknown. */
export function clientAddressOf(headers: Pick<Headers, 'get'>): string | null {
  if (process.env[STAMPED_FLAG] !== '1') return null;
  return headers.get(CLIENT_ADDRESS_HEADER) || null;
}

/** Whether the browser reached the portal over https: the public URL says so, or a trusted proxy did. */
export function reachedOverHttps(headers: Headers, publicUrl: string): boolean {
  if (publicUrl.startsWith('https:')) return true;
  return process.env[STAMPED_FLAG] === '1' && headers.get(CLIENT_PROTOCOL_HEADER) === 'https';
}
