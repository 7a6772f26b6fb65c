import 'server-only';
import { deliverDueEmails, type DeliveryOptions } from '@/lib/email/deliver-outbox';
import type { Prisma } from '@/lib/generated/prisma/client';
import { log } from '@/lib/log';

// E-mail in two steps. Inside the transaction of the change that causes it,
// the message is written to the outbox table, so it exists exactly when the
// change does. After the commit it is delivered over SMTP when SMTP_URL is
// set: at once (the fast path below), and otherwise by every server's
// delivery job, which retries failures with backoff (lib/email/deliver-outbox.ts).
// Without SMTP_URL nothing is sent: development and tests read the outbox.

/** An e-mail, and what it is about (an organization, a site) so admins can see it when it cannot be delivered. */
export type EmailMessage = { to: string; subject: string; body: string; organizationId?: string; siteId?: string };

/** Writes the messages to the outbox, due at once; call inside the change's transaction. Returns their ids for delivery. */
export async function enqueueEmails(tx: Prisma.TransactionClient, messages: EmailMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = await tx.outboxEmail.createManyAndReturn({ data: messages, select: { id: true } });
  return rows.map((r) => r.id);
}

/**
 * The fast path, after the commit: tries these messages now, unless a
 * delivery job got to them first. A failure is logged and leaves the message
 * due for a retry; it never fails the caller.
 */
export async function deliverEmails(ids: string[], options: DeliveryOptions = {}): Promise<void> {
  if (ids.length === 0) return;
  try {
    await deliverDueEmails({ ...options, ids });
  } catch (error) {
    log.error('e-mail delivery failed; the delivery job retries it', { emailIds: ids, error });
  }
}
