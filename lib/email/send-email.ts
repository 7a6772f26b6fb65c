import 'server-only';
import nodemailer from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport';
import { db } from '@/lib/db/prisma';
import { serverEnv } from '@/lib/env';
import type { Prisma } from '@/lib/generated/prisma/client';
import { log } from '@/lib/log';

// E-mail in two steps. Inside the transaction of the change that causes it,
// the message is written to the outbox table, so it exists exactly when the
// change does. After the commit it is delivered over SMTP when SMTP_URL is
// set, and marked sent. A failed delivery is logged, never fatal: the row
// stays unsent, and development and tests read the outbox instead.

export type EmailMessage = { to: string; subject: string; body: string };

/** Writes the messages to the outbox; call inside the change's transaction. Returns their ids for delivery. */
export async function enqueueEmails(tx: Prisma.TransactionClient, messages: EmailMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = await tx.outboxEmail.createManyAndReturn({ data: messages, select: { id: true } });
  return rows.map((r) => r.id);
}

/** Sends queued messages over SMTP (after the commit). Without an SMTP URL it does nothing. */
export async function deliverEmails(ids: string[], options: { smtpUrl?: string; from?: string } = {}): Promise<void> {
  const smtpUrl = options.smtpUrl ?? serverEnv().SMTP_URL;
  if (!smtpUrl || ids.length === 0) return;
  const from = options.from ?? serverEnv().SMTP_FROM;
  // The URL sets host, port, TLS and credentials; the timeouts keep a slow or absent mail server from holding the caller long.
  const smtp = new SMTPTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  const transport = nodemailer.createTransport(smtp, { from });
  try {
    const messages = await db().outboxEmail.findMany({ where: { id: { in: ids }, sentAt: null } });
    for (const message of messages) {
      try {
        await transport.sendMail({ to: message.to, subject: message.subject, text: message.body });
        await db().outboxEmail.update({ where: { id: message.id }, data: { sentAt: new Date() } });
      } catch (error) {
        log.error('e-mail not delivered; it stays in the outbox', { emailId: message.id, to: message.to, error });
      }
    }
  } finally {
    transport.close();
  }
}
