import ipaddr from 'ipaddr.js';

// Who is on the other end of a request. The socket's peer is the client,
// unless the peer is one of the operator's trusted proxies (TRUSTED_PROXIES):
// then X-Forwarded-For is walked from the right (each proxy appends the
// address it saw), past every trusted proxy, to the first address that is
// not one. Anything left of that was written by the client and is ignored.
// Pure: scripts/start.ts feeds it the socket's peer and the headers.

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** The operator's trusted proxies, parsed: addresses and CIDR ranges. */
export type TrustedProxies = readonly Range[];

/** One address, IPv4-mapped IPv6 as plain IPv4; null for anything that is not an address. */
function parseAddress(value: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const text = value.trim();
  // Only the usual spellings: "127.1" or "0x7f.0.0.1" are not what a proxy writes.
  if (!ipaddr.IPv4.isValidFourPartDecimal(text) && !ipaddr.IPv6.isValid(text)) return null;
  return ipaddr.process(text);
}

/** An address or CIDR range; an IPv4-mapped IPv6 range becomes the IPv4 range it maps. */
function parseRange(entry: string): Range | null {
  const text = entry.trim();
  if (!text.includes('/')) {
    const address = parseAddress(text);
    return address ? [address, address.kind() === 'ipv4' ? 32 : 128] : null;
  }
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(text) && !ipaddr.IPv6.isValidCIDR(text)) return null;
  const [address, bits] = ipaddr.parseCIDR(text);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [address, bits];
}

/** Whether one TRUSTED_PROXIES entry is an address or CIDR range (for the environment's validation). */
export function isTrustedProxyEntry(entry: string): boolean {
  return parseRange(entry) !== null;
}

/** Parses TRUSTED_PROXIES' entries; a bad one throws with its text. */
export function parseTrustedProxies(entries: readonly string[]): TrustedProxies {
  return entries.map((entry) => {
    const range = parseRange(entry);
    if (!range) throw new Error(`"${entry}" is not an IP address or CIDR range`);
    return range;
  });
}

function isTrusted(address: ipaddr.IPv4 | ipaddr.IPv6, trusted: TrustedProxies): boolean {
  return trusted.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
}

export type ClientHops = {
  /** The socket's remote address. */
  peer: string | undefined;
  /** The X-Forwarded-For header (several copies joined with commas). */
  forwardedFor?: string | string[];
  /** The X-Forwarded-Proto header. */
  forwardedProto?: string | string[];
};

export type Client = { address: string | null; protocol: 'http' | 'https' };

/**
 * The client's address and the protocol it used. Forwarded headers count only
 * when the peer is a trusted proxy; an entry that is not an address ends the
 * walk at the last address that was checked.
 */
export function resolveClient(hops: ClientHops, trusted: TrustedProxies): Client {
  const peer = hops.peer === undefined ? null : parseAddress(hops.peer);
  if (!peer || !isTrusted(peer, trusted)) return { address: peer?.toString() ?? null, protocol: 'http' };

  let client = peer;
  const chain = joined(hops.forwardedFor).split(',').reverse();
  for (const entry of chain) {
    const address = parseAddress(entry);
    if (!address) break;
    client = address;
    if (!isTrusted(address, trusted)) break;
  }
  // The proxy next to us says how the request reached it; a chain of proxies sends the first hop's first.
  const proto = joined(hops.forwardedProto).split(',')[0]?.trim().toLowerCase();
  return { address: client.toString(), protocol: proto === 'https' ? 'https' : 'http' };
}

function joined(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}
