import 'server-only';
import { db } from '@/lib/db/prisma';

export type OutboxEmailJson = { id: string; to: string; subject: string; body: string; createdAt: string; sentAt: string | null };

/** The newest messages written to one address, sent or not. */
export async function listOutboxEmails(options: { to: string; limit?: number }): Promise<OutboxEmailJson[]> {
  const rows = await db().outboxEmail.findMany({
    where: { to: options.to },
    select: { id: true, to: true, subject: true, body: true, createdAt: true, sentAt: true },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: options.limit ?? 50,
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null }));
}
