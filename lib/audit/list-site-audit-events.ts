import 'server-only';
import { db } from '@/lib/db/prisma';
import type { AuditAction } from '@/lib/generated/prisma/enums';

export type AuditEntry = {
  id: string;
  occurredAt: string;
  action: AuditAction;
  actorLabel: string;
  appName: string | null;
  ipAddress: string | null;
  details: Record<string, unknown>;
};

export type AuditFilters = { appId?: string; installationId?: string; action?: AuditAction };

/** A site's audit trail, newest first. It only reads: a caller that wants lapsed grants' expiry listed settles them first (settleExpiredGrantsOfSite). */
export async function listSiteAuditEvents(options: { siteId: string; filters?: AuditFilters; limit?: number }): Promise<AuditEntry[]> {
  const appId = options.filters?.appId;
  const installationIds = appId
    ? (await db().installation.findMany({ where: { siteId: options.siteId, appId }, select: { id: true } })).map((i) => i.id)
    : undefined;
  const rows = await db().auditEvent.findMany({
    where: {
      siteId: options.siteId,
      ...(options.filters?.action ? { action: options.filters.action } : {}),
      ...(installationIds ? { installationId: { in: installationIds } } : {}),
      ...(options.filters?.installationId ? { installationId: options.filters.installationId } : {}),
    },
    orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
    take: options.limit ?? 200,
  });
  return rows.map((r) => {
    const details = (r.details ?? {}) as Record<string, unknown>;
    return {
      id: r.id.toString(),
      occurredAt: r.occurredAt.toISOString(),
      action: r.action,
      actorLabel: r.actorLabel,
      appName: typeof details.appName === 'string' ? details.appName : null,
      ipAddress: r.ipAddress,
      details,
    };
  });
}
