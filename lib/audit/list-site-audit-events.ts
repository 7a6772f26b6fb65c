import 'server-only';
import { db } from '@/lib/db/prisma';

export type AuditEntry = {
  id: string;
  occurredAt: string;
  action: string;
  actorLabel: string;
  installationId: string | null;
  details: unknown;
};

/** A site's audit trail, newest first. */
export async function listSiteAuditEvents(options: { siteId: string; limit?: number }): Promise<AuditEntry[]> {
  const rows = await db().auditEvent.findMany({
    where: { siteId: options.siteId },
    orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
    take: options.limit ?? 100,
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    occurredAt: r.occurredAt.toISOString(),
    action: r.action,
    actorLabel: r.actorLabel,
    installationId: r.installationId,
    details: r.details,
  }));
}
