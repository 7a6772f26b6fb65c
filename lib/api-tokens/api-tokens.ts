import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '@/lib/api/errors';
import type { RequestMeta } from '@/lib/api/route';
import { actorOf, recordAuditEvent } from '@/lib/audit/record-audit-event';
import { db } from '@/lib/db/prisma';

// Personal API tokens for the vendor logs API. The secret is shown once; the
// database keeps only its SHA-256 (a random 256-bit secret needs no slow
// hash) and a short prefix to tell tokens apart.

const PREFIX = 'lsk_';

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function looksLikeApiToken(value: string): boolean {
  return value.startsWith(PREFIX) && value.length > PREFIX.length + 20;
}

type Person = { id: string; name: string; email: string; vendors: { vendorId: string }[] };

export async function createApiToken(options: { user: Person; name: string; expiresAt: Date | null; meta: RequestMeta }) {
  if (options.user.vendors.length === 0) throw new AppError('forbidden', 'API tokens are for vendor members.');
  const secret = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  return db().$transaction(async (tx) => {
    const token = await tx.apiToken.create({
      data: { userId: options.user.id, name: options.name, tokenHash: hashToken(secret), prefix: secret.slice(0, 12), expiresAt: options.expiresAt },
    });
    for (const { vendorId } of options.user.vendors) {
      await recordAuditEvent(tx, { action: 'API_TOKEN_CREATED', actor: actorOf(options.user), scope: { vendorId }, details: { tokenId: token.id, name: token.name }, meta: options.meta });
    }
    return { secret, token: apiTokenJson(token) };
  });
}

export async function revokeApiToken(options: { user: Person; tokenId: string; meta: RequestMeta }) {
  return db().$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id: options.tokenId, userId: options.user.id } });
    if (!token) throw new AppError('not_found', 'No such token.');
    if (token.revokedAt) return apiTokenJson(token);
    const revoked = await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    for (const { vendorId } of options.user.vendors) {
      await recordAuditEvent(tx, { action: 'API_TOKEN_REVOKED', actor: actorOf(options.user), scope: { vendorId }, details: { tokenId: token.id, name: token.name }, meta: options.meta });
    }
    return apiTokenJson(revoked);
  });
}

export async function listApiTokens(userId: string) {
  const tokens = await db().apiToken.findMany({ where: { userId }, orderBy: { createdAt: 'desc' } });
  return tokens.map(apiTokenJson);
}

/** The user a bearer token stands for, or null when it is unknown, revoked or expired. */
export async function userOfApiToken(secret: string, now = new Date()): Promise<string | null> {
  const token = await db().apiToken.findUnique({ where: { tokenHash: hashToken(secret) } });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
  // Last use to the minute is enough, and spares a write per request.
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await db().apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  return token.userId;
}

type TokenRow = { id: string; name: string; prefix: string; createdAt: Date; expiresAt: Date | null; lastUsedAt: Date | null; revokedAt: Date | null };

export function apiTokenJson(token: TokenRow) {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}

export type ApiTokenJson = ReturnType<typeof apiTokenJson>;
