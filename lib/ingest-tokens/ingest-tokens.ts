import 'server-only';
import { AppError } from '@/lib/errors';
import type { RequestMeta } from '@/lib/request-meta';
import { actorOf, recordAuditEvent } from '@/lib/audit/record-audit-event';
import { canManageApp, requirePaidApp } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { db, pgPool } from '@/lib/db/prisma';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Environment } from '@/lib/generated/prisma/enums';
import { revokeToken } from '@/lib/tokens/revoke-token';
import { hashToken, hasTokenShape, lastUseIsStaleSql, mintToken, tokenJson } from '@/lib/tokens/secret-tokens';

// Ingest tokens let an app's running code send logs for one environment. Like
// personal API tokens (the machinery is lib/tokens/): the secret is shown
// once, the database keeps its hash and a prefix. Any member of the app's vendor sees them; owners and
// developers create and revoke them; other vendors get a 404.

const PREFIX = 'lsi_';

export function looksLikeIngestToken(value: string): boolean {
  return hasTokenShape(value, PREFIX);
}

type Access = 'read' | 'manage';

/** The app if one of the viewer's vendors owns it and their role allows `access`. */
async function appFor(viewer: Viewer, appId: string, access: Access) {
  const app = await db().app.findFirst({ where: { id: appId, vendorId: { in: viewer.vendors.map((v) => v.vendorId) } } });
  if (!app) throw new AppError('not_found', 'No such app.');
  const canManage = canManageApp(viewer, app.vendorId);
  if (access === 'manage' && !canManage) throw new AppError('forbidden', 'Only owners and developers of the vendor manage ingest tokens.');
  return { ...app, canManage };
}

/** The vendor's audit row for a token created or revoked, in the change's transaction. */
async function auditToken(
  tx: Prisma.TransactionClient,
  action: 'INGEST_TOKEN_CREATED' | 'INGEST_TOKEN_REVOKED',
  event: { viewer: Viewer; app: { id: string; name: string; vendorId: string }; token: { id: string; name: string; environment: Environment }; meta: RequestMeta },
) {
  await recordAuditEvent(tx, {
    action,
    actor: actorOf(event.viewer),
    scope: { vendorId: event.app.vendorId },
    details: { tokenId: event.token.id, name: event.token.name, appId: event.app.id, appName: event.app.name, environment: event.token.environment },
    meta: event.meta,
  });
}

export async function listIngestTokens(options: { viewer: Viewer; appId: string }) {
  const app = await appFor(options.viewer, options.appId, 'read');
  const tokens = await db().ingestToken.findMany({
    where: { appId: app.id },
    include: { createdBy: { select: { name: true } } },
    orderBy: { createdAt: 'desc' },
  });
  return { tokens: tokens.map(ingestTokenJson), canManage: app.canManage };
}

export async function createIngestToken(options: { viewer: Viewer; appId: string; name: string; environment: Environment; meta: RequestMeta }) {
  const app = await appFor(options.viewer, options.appId, 'manage');
  requirePaidApp(app);
  const { secret, tokenHash, prefix } = mintToken(PREFIX);
  return db().$transaction(async (tx) => {
    const token = await tx.ingestToken.create({
      data: { appId: app.id, environment: options.environment, name: options.name, tokenHash, prefix, createdById: options.viewer.id },
      include: { createdBy: { select: { name: true } } },
    });
    await auditToken(tx, 'INGEST_TOKEN_CREATED', { viewer: options.viewer, app, token, meta: options.meta });
    return { secret, token: ingestTokenJson(token) };
  });
}

export async function revokeIngestToken(options: { viewer: Viewer; appId: string; tokenId: string; meta: RequestMeta }) {
  const app = await appFor(options.viewer, options.appId, 'manage');
  const createdBy = { createdBy: { select: { name: true } } };
  return db().$transaction(async (tx) => {
    const token = await revokeToken({
      find: () => tx.ingestToken.findFirst({ where: { id: options.tokenId, appId: app.id }, include: createdBy }),
      revoke: (id, revokedAt) => tx.ingestToken.update({ where: { id }, data: { revokedAt }, include: createdBy }),
      audit: (revoked) => auditToken(tx, 'INGEST_TOKEN_REVOKED', { viewer: options.viewer, app, token: revoked, meta: options.meta }),
    });
    return ingestTokenJson(token);
  });
}

export type IngestCaller = { tokenId: string; appId: string; environment: Environment; appIsPaid: boolean; requestsThisWindow: number };

/**
 * The app and environment an ingest token writes for, or null when it is
 * unknown or revoked. Every ingest request runs this, so one statement also
 * counts the request in the token's rate window (`windowStart`) and keeps
 * the last use, to the minute.
 */
export async function authenticateIngestToken(secret: string, options: { windowStart: Date; now?: Date }): Promise<IngestCaller | null> {
  if (!looksLikeIngestToken(secret)) return null;
  const now = options.now ?? new Date();
  const { rows } = await pgPool().query<{ id: string; app_id: string; environment: Environment; is_paid: boolean; requests: number }>(
    `WITH token AS (
       SELECT t.id, t.app_id, t.environment, a.is_paid FROM ingest_tokens t JOIN apps a ON a.id = t.app_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL),
     counted AS (
       INSERT INTO ingest_rate_windows AS w (token_id, window_start, requests) SELECT id, $2, 1 FROM token
       ON CONFLICT (token_id, window_start) DO UPDATE SET requests = w.requests + 1
       RETURNING requests),
     used AS (
       UPDATE ingest_tokens SET last_used_at = $3
        WHERE id = (SELECT id FROM token) AND ${lastUseIsStaleSql('last_used_at', '$3')})
     SELECT token.*, counted.requests FROM token, counted`,
    [hashToken(secret), options.windowStart, now],
  );
  const token = rows[0];
  if (!token) return null;
  return { tokenId: token.id, appId: token.app_id, environment: token.environment, appIsPaid: token.is_paid, requestsThisWindow: token.requests };
}

export function ingestTokenJson(token: Parameters<typeof tokenJson>[0] & { environment: Environment; createdBy: { name: string } | null }) {
  return { ...tokenJson(token), environment: token.environment.toLowerCase(), createdBy: token.createdBy?.name ?? null };
}

export type IngestTokenJson = ReturnType<typeof ingestTokenJson>;
