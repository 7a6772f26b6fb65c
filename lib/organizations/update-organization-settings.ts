import 'server-only';
import type { z } from 'zod';
import type { RequestMeta } from '@/lib/request-meta';
import { actorOf, recordAuditEvent } from '@/lib/audit/record-audit-event';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors';
import { toDbReasonCode, toApiReasonCode } from '@/lib/access-requests/access-request-json';
import type { organizationSettingsSchema } from '@/lib/validations/installation';
import { grantScopeColumn } from '@/lib/log-access/change-log-access';
import { normalizeGrantScope, storedGrantScope } from '@/lib/validations/grant-scope';

export type OrganizationSettings = z.output<typeof organizationSettingsSchema>;

const POLICY_FIELDS = ['shareLogsByDefault', 'neverShareVendorIds', 'maxGrantDays', 'autoApproveVendorIds', 'autoApproveReasonCodes', 'defaultGrantScope'] as const;

/**
 * Changes the organization's settings. The policy's vendors must exist, and
 * none may be both never shared with and approved automatically (422). A
 * policy change is audited on every site of the organization, with the
 * whole policy as it now stands (vendors by name).
 */
export async function updateOrganizationSettings(options: {
  organizationId: string;
  settings: OrganizationSettings;
  actor: { id: string; name: string; email: string };
  meta: RequestMeta;
}) {
  const { settings } = options;
  return db().$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: options.organizationId }, include: { sites: true } });
    const never = settings.neverShareVendorIds ?? before.neverShareVendorIds;
    const auto = settings.autoApproveVendorIds ?? before.autoApproveVendorIds;
    const named = [...new Set([...never, ...auto])];
    const vendors = await tx.vendor.findMany({ where: { id: { in: named } }, select: { id: true, name: true } });
    const missing = named.filter((id) => !vendors.some((v) => v.id === id));
    if (missing.length) throw new AppError('unprocessable', `No such vendor: ${missing.join(', ')}.`);
    const both = never.filter((id) => auto.includes(id));
    if (both.length) {
      const names = vendors.filter((v) => both.includes(v.id)).map((v) => v.name);
      throw new AppError('unprocessable', `${names.join(', ')} cannot be both never shared with and approved automatically.`);
    }

    const { autoApproveReasonCodes, defaultGrantScope, ...rest } = settings;
    const after = await tx.organization.update({
      where: { id: before.id },
      data: {
        ...rest,
        ...(autoApproveReasonCodes ? { autoApproveReasonCodes: autoApproveReasonCodes.map(toDbReasonCode) } : {}),
        ...(defaultGrantScope !== undefined ? { defaultGrantScope: grantScopeColumn(normalizeGrantScope(defaultGrantScope)) } : {}),
      },
    });
    const changed = POLICY_FIELDS.some((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
    const nameOf = (id: string) => vendors.find((v) => v.id === id)?.name ?? id;
    const policy = {
      shareLogsByDefault: after.shareLogsByDefault,
      neverShareWith: after.neverShareVendorIds.map(nameOf),
      maxGrantDays: after.maxGrantDays,
      autoApprove: { vendors: after.autoApproveVendorIds.map(nameOf), reasonCodes: after.autoApproveReasonCodes.map(toApiReasonCode) },
      defaultGrantScope: storedGrantScope(after.defaultGrantScope),
    };
    if (changed) {
      for (const site of before.sites) {
        await recordAuditEvent(tx, {
          action: 'ORG_POLICY_CHANGED',
          actor: actorOf(options.actor),
          scope: { organizationId: before.id, siteId: site.id },
          details: policy,
          meta: options.meta,
        });
      }
    }
    return {
      id: after.id,
      name: after.name,
      technicalContactEmail: after.technicalContactEmail,
      shareLogsByDefault: after.shareLogsByDefault,
      neverShareVendorIds: after.neverShareVendorIds,
      maxGrantDays: after.maxGrantDays,
      autoApproveVendorIds: after.autoApproveVendorIds,
      autoApproveReasonCodes: after.autoApproveReasonCodes.map(toApiReasonCode),
      defaultGrantScope: storedGrantScope(after.defaultGrantScope),
    };
  });
}
