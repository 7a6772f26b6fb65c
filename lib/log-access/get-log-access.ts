import 'server-only';
import { db } from '@/lib/db/prisma';
import type { InstallationAccess } from '@/lib/auth/permissions';
import { storedGrantScope, type GrantScope } from '@/lib/validations/grant-scope';
import { logAccessState, toApiLogAccess, type ApiLogAccess } from '@/lib/installations/log-access-state';

export type GrantHistoryEntry = {
  id: string;
  source: string;
  enabledAt: string;
  enabledBy: string | null;
  expiresAt: string | null;
  endedAt: string | null;
  /** 'disabled' by a person, 'expired' by its end date; null while open. */
  endedBy: 'disabled' | 'expired' | null;
  disabledBy: string | null;
  /** What the vendor may see under it; null: everything. */
  scope: GrantScope | null;
};

export type LogAccessDetails = { installationId: string; logAccess: ApiLogAccess; history: GrantHistoryEntry[] };

/** Current state and every grant, newest first. Vendors see when, not which admin. */
export async function getLogAccess(options: { installationId: string; isPaid: boolean; access: InstallationAccess; now?: Date }): Promise<LogAccessDetails> {
  const now = options.now ?? new Date();
  const grants = await db().logAccessGrant.findMany({
    where: { installationId: options.installationId },
    include: { enabledBy: true, disabledBy: true },
    orderBy: { enabledAt: 'desc' },
  });
  const showPeople = options.access === 'admin';
  const person = (u: { name: string; email: string } | null) => (showPeople && u ? `${u.name} (${u.email})` : null);
  return {
    installationId: options.installationId,
    logAccess: toApiLogAccess(logAccessState({ isPaid: options.isPaid, grants, now })),
    history: grants.map((g) => {
      const expired = g.expiresAt !== null && g.expiresAt <= now && (g.disabledAt === null || g.disabledAt >= g.expiresAt) && !g.disabledById;
      const endedAt = expired ? g.expiresAt : g.disabledAt;
      return {
        id: g.id,
        source: g.source,
        enabledAt: g.enabledAt.toISOString(),
        enabledBy: g.source === 'ORG_POLICY' ? 'Organization policy' : person(g.enabledBy),
        expiresAt: g.expiresAt?.toISOString() ?? null,
        endedAt: endedAt?.toISOString() ?? null,
        endedBy: endedAt ? (expired ? 'expired' : 'disabled') : null,
        disabledBy: person(g.disabledBy),
        scope: storedGrantScope(g.scope),
      };
    }),
  };
}
