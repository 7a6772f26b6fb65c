import { db } from '@/lib/db/prisma';
import type { AuditAction } from '@/lib/generated/prisma/enums';

// Audit rows as the integration tests look them up, oldest first.

const oldestFirst = [{ occurredAt: 'asc' as const }, { id: 'asc' as const }];

/** Every audit row about one installation. */
export function auditOfInstallation(installationId: string) {
  return db().auditEvent.findMany({ where: { installationId }, orderBy: oldestFirst });
}

/** The audit rows of these actions, of one vendor when `vendorId` is given. */
export function auditOfActions(actions: readonly AuditAction[], vendorId?: string) {
  return db().auditEvent.findMany({ where: { action: { in: [...actions] }, ...(vendorId ? { vendorId } : {}) }, orderBy: oldestFirst });
}
