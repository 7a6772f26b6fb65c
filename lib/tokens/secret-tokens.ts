import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

// The machinery of the secrets the portal hands out once and keeps only as a
// SHA-256 (a random 256-bit secret needs no slow hash): personal API tokens
// (lib/api-tokens/), ingest tokens (lib/ingest-tokens/) and vendor invitation
// links (lib/vendors/). The token kinds differ in their prefix and their rows.

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new random secret, after `prefix` (`lsk_`, `lsi_`; none for invitation links). */
export function mintSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** A new token: the secret to show once, and what its row keeps (the hash, and a short prefix to tell tokens apart). */
export function mintToken(prefix: string): { secret: string; tokenHash: string; prefix: string } {
  const secret = mintSecret(prefix);
  return { secret, tokenHash: hashToken(secret), prefix: secret.slice(0, 12) };
}

/** Whether a value can be a token of this kind at all: spares a database lookup for anything else. */
export function hasTokenShape(value: string, prefix: string): boolean {
  return value.startsWith(prefix) && value.length > prefix.length + 20;
}

/** The credential of an `Authorization: Bearer <secret>` header, or null. */
export function bearerSecret(authorization: string | null): string | null {
  return (authorization && /^Bearer\s+(\S+)$/i.exec(authorization)?.[1]) || null;
}

// A token's last use is kept to the minute: enough to tell, and it spares a write per request.
const LAST_USE_RESOLUTION_MS = 60_000;

export function lastUseIsStale(lastUsedAt: Date | null, now: Date): boolean {
  return !lastUsedAt || now.getTime() - lastUsedAt.getTime() > LAST_USE_RESOLUTION_MS;
}

/** SQL form of lastUseIsStale for a `last_used_at` column and a timestamptz parameter. */
export function lastUseIsStaleSql(column: string, now: string): string {
  return `(${column} IS NULL OR ${column} < ${now}::timestamptz - interval '${LAST_USE_RESOLUTION_MS} milliseconds')`;
}

type TokenRow = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

/** What every token kind shows of its row; never the hash. */
export function tokenJson(token: TokenRow) {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}
