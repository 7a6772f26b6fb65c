import 'server-only';
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { serverEnv } from '@/lib/env';

// Server-side request forgery: a webhook URL is typed by an organization
// admin, so without a guard the portal would POST to its own database, the
// cloud's metadata service (169.254.169.254) or anything on the private
// network. Only public unicast addresses are called; loopback only where the
// operator allows it (development and tests). The check runs when a URL is
// saved (a clear 422) and again on every connection, inside the socket's own
// DNS lookup, so the address checked is the address connected to (a name that
// resolves to a public address when saved and to 10.0.0.5 later is refused).

export type AddressPolicy = { allowLoopback: boolean };

/** Loopback endpoints (http://127.0.0.1, localhost) outside production builds, or with WEBHOOK_ALLOW_LOOPBACK=1. */
export function webhookAddressPolicy(): AddressPolicy {
  return { allowLoopback: process.env.NODE_ENV !== 'production' || serverEnv().WEBHOOK_ALLOW_LOOPBACK };
}

/** Why a webhook may not be sent to this address, or null when it may. */
export function blockedAddressReason(address: string, policy: AddressPolicy): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it maps.
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return null;
  if (range === 'loopback' && policy.allowLoopback) return null;
  return `${address} is a ${range} address`;
}

/** The host of a URL as an IP address when it is one ([::1] → ::1), else null. */
export function literalAddressOf(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return ipaddr.isValid(host) ? host : null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request: resolves like the system does, then refuses
 * the connection when any address of the name is not allowed (a name with
 * one private address among public ones is refused whole).
 */
export function guardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const blocked = addresses.map((a) => blockedAddressReason(a.address, policy)).find((reason) => reason !== null);
      if (blocked || addresses.length === 0) {
        return callback(Object.assign(new Error(`${hostname}: ${blocked ?? 'no address'}; webhooks go to public addresses only`), { code: 'EBLOCKED' }), '');
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** Every address of a name, as the system resolves it. */
export async function resolveHost(hostname: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses.map((a) => a.address))));
  });
}
