import 'server-only';
import { AppError } from '@/lib/errors';
import type { RequestMeta } from '@/lib/request-meta';
import { actorOf, recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { Viewer } from '@/lib/auth/viewer';
import { db, pgPool } from '@/lib/db/prisma';
import type { VendorRole } from '@/lib/generated/prisma/enums';
import { revokeToken } from '@/lib/tokens/revoke-token';
import { hashToken, hasTokenShape, lastUseIsStale, mintToken, tokenJson } from '@/lib/tokens/secret-tokens';

// Personal API tokens for the vendor logs API. The secret is shown once; the
// database keeps only its hash and prefix (lib/tokens/secret-tokens.ts).

const PREFIX = 'lsk_';

export function looksLikeApiToken(value: string): boolean {
  return hasTokenShape(value, PREFIX);
}

type Person = { id: string; name: string; email: string; vendors: { vendorId: string }[] };

export async function createApiToken(options: { user: Person; name: string; expiresAt: Date | null; meta: RequestMeta }) {
  if (options.user.vendors.length === 0) throw new AppError('forbidden', 'API tokens are for vendor members.');
  const { secret, tokenHash, prefix } = mintToken(PREFIX);
  return db().$transaction(async (tx) => {
    const token = await tx.apiToken.create({
      data: { userId: options.user.id, name: options.name, tokenHash, prefix, expiresAt: options.expiresAt },
    });
    for (const { vendorId } of options.user.vendors) {
      await recordAuditEvent(tx, { action: 'API_TOKEN_CREATED', actor: actorOf(options.user), scope: { vendorId }, details: { tokenId: token.id, name: token.name }, meta: options.meta });
    }
    return { secret, token: apiTokenJson(token) };
  });
}

export async function revokeApiToken(options: { user: Person; tokenId: string; meta: RequestMeta }) {
  return db().$transaction(async (tx) => {
    const token = await revokeToken({
      find: () => tx.apiToken.findFirst({ where: { id: options.tokenId, userId: options.user.id } }),
      revoke: (id, revokedAt) => tx.apiToken.update({ where: { id }, data: { revokedAt } }),
      audit: async (revoked) => {
        for (const { vendorId } of options.user.vendors) {
          await recordAuditEvent(tx, { action: 'API_TOKEN_REVOKED', actor: actorOf(options.user), scope: { vendorId }, details: { tokenId: revoked.id, name: revoked.name }, meta: options.meta });
        }
      },
    });
    return apiTokenJson(token);
  });
}

export async function listApiTokens(userId: string) {
  const tokens = await db().apiToken.findMany({ where: { userId }, orderBy: { createdAt: 'desc' } });
  return tokens.map(apiTokenJson);
}

type TokenViewerRow = {
  token_id: string;
  last_used_at: Date | null;
  user_id: string;
  email: string;
  name: string;
  vendor_id: string | null;
  vendor_name: string | null;
  role: VendorRole | null;
};

/**
 * The person a bearer token stands for, as a vendor member only (a token
 * never acts as a site admin), or null when the token is unknown, revoked or
 * expired. One query: the vendor API runs it on every call.
 */
export async function viewerOfApiToken(secret: string, now = new Date()): Promise<Viewer | null> {
  const { rows } = await pgPool().query<TokenViewerRow>({
    // Prepared once per connection: it runs on every vendor API call.
    name: 'api-token-viewer',
    text: `SELECT t.id AS token_id, t.last_used_at, u.id AS user_id, u.email, u.name, m.vendor_id, v.name AS vendor_name, m.role
       FROM api_tokens t
       JOIN users u ON u.id = t.user_id
       LEFT JOIN vendor_members m ON m.user_id = u.id
       LEFT JOIN vendors v ON v.id = m.vendor_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)
      ORDER BY v.name`,
    values: [hashToken(secret), now],
  });
  const first = rows[0];
  if (!first) return null;
  if (lastUseIsStale(first.last_used_at, now)) {
    await pgPool().query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [first.token_id, now]);
  }
  return {
    id: first.user_id,
    email: first.email,
    name: first.name,
    adminSites: [],
    apiTokenId: first.token_id,
    vendors: rows.flatMap((r) => (r.vendor_id && r.vendor_name && r.role ? [{ vendorId: r.vendor_id, vendorName: r.vendor_name, role: r.role }] : [])),
  };
}

export function apiTokenJson(token: Parameters<typeof tokenJson>[0] & { expiresAt: Date | null }) {
  return { ...tokenJson(token), expiresAt: token.expiresAt?.toISOString() ?? null };
}

export type ApiTokenJson = ReturnType<typeof apiTokenJson>;
