import 'server-only';
import { db } from '@/lib/db/prisma';

const SHOWN_DAYS = 30;
const MAX_SHOWN = 50;

export type UndeliverableEmailJson = { id: string; to: string; subject: string; createdAt: string; undeliverableAt: string; attempts: number; lastError: string | null };

/**
 * For a site's admins: the e-mails of the last 30 days that were given up on
 * and concern them, the ones about this site or its whole organization (to
 * its admins or its technical contact) and the ones addressed to the admin
 * themselves. Newest first, at most 50.
 */
export async function listUndeliverableEmails(options: { organizationId: string; siteId: string; viewerEmail: string; now?: Date }): Promise<UndeliverableEmailJson[]> {
  const since = new Date((options.now ?? new Date()).getTime() - SHOWN_DAYS * 86_400_000);
  const rows = await db().outboxEmail.findMany({
    where: {
      undeliverableAt: { gte: since },
      OR: [{ organizationId: options.organizationId, siteId: null }, { organizationId: options.organizationId, siteId: options.siteId }, { to: options.viewerEmail }],
    },
    orderBy: [{ undeliverableAt: 'desc' }, { id: 'desc' }],
    take: MAX_SHOWN,
  });
  return rows.map((r) => ({
    id: r.id,
    to: r.to,
    subject: r.subject,
    createdAt: r.createdAt.toISOString(),
    undeliverableAt: r.undeliverableAt!.toISOString(),
    attempts: r.attempts,
    lastError: r.lastError,
  }));
}
