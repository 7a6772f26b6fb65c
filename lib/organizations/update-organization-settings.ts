import 'server-only';
import type { RequestMeta } from '@/lib/request-meta';
import { actorOf, recordAuditEvent } from '@/lib/audit/record-audit-event';
import { db } from '@/lib/db/prisma';

export type OrganizationSettings = { shareLogsByDefault?: boolean; technicalContactEmail?: string | null };

/** Changes the organization's settings; a policy change is audited on every site of the organization. */
export async function updateOrganizationSettings(options: {
  organizationId: string;
  settings: OrganizationSettings;
  actor: { id: string; name: string; email: string };
  meta: RequestMeta;
}) {
  return db().$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: options.organizationId }, include: { sites: true } });
    const after = await tx.organization.update({ where: { id: before.id }, data: options.settings });
    if (before.shareLogsByDefault !== after.shareLogsByDefault) {
      for (const site of before.sites) {
        await recordAuditEvent(tx, {
          action: 'ORG_POLICY_CHANGED',
          actor: actorOf(options.actor),
          scope: { organizationId: before.id, siteId: site.id },
          details: { shareLogsByDefault: after.shareLogsByDefault },
          meta: options.meta,
        });
      }
    }
    return { id: after.id, name: after.name, shareLogsByDefault: after.shareLogsByDefault, technicalContactEmail: after.technicalContactEmail };
  });
}
