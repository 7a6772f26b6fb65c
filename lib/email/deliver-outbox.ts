import 'server-only';
import nodemailer from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport';
import { pgPool } from '@/lib/db/prisma';
import { serverEnv } from '@/lib/env';
import { log } from '@/lib/log';

// Delivery from the outbox, shared by every server. A message is due while
// it is unsent and its next_attempt_at has passed. A deliverer claims due
// rows in one short statement (FOR UPDATE SKIP LOCKED, so two servers never
// claim the same row) that counts the attempt and pushes next_attempt_at a
// lease ahead; it then talks SMTP outside any transaction and records the
// outcome. A server that dies mid-send leaves the row due again when the
// lease ends. Failures are retried with exponential backoff; after
// MAX_DELIVERY_ATTEMPTS the row is marked undeliverable and shown to the
// admins it concerns (lib/email/list-undeliverable-emails.ts).

/** 8 attempts: the last one about 18 hours after the first (see retryDelayMs). */
export const MAX_DELIVERY_ATTEMPTS = 8;
const FIRST_RETRY_MS = 60_000;
/** Longer than the SMTP timeouts below allow a whole batch to take. */
const CLAIM_LEASE_MS = 15 * 60_000;
const BATCH_SIZE = 10;
const MAX_BATCHES_PER_RUN = 10;
const MAX_ERROR_LENGTH = 1000;

/** The wait after the n-th failed attempt: 1, 3, 9, 27, 81, 243, 729 minutes. */
export function retryDelayMs(attempts: number): number {
  return FIRST_RETRY_MS * 3 ** Math.max(0, attempts - 1);
}

export type DeliveryOptions = { smtpUrl?: string; from?: string; now?: () => Date };
export type DeliveryResult = { sent: number; retried: number; undeliverable: number };

type ClaimedEmail = { id: string; to: string; subject: string; body: string; attempts: number };

/**
 * Delivers what is due now: the given messages (the fast path after a
 * commit), or any due message, batch after batch (the delivery job). Without
 * an SMTP URL it does nothing and the messages stay due.
 */
export async function deliverDueEmails(options: DeliveryOptions & { ids?: string[] } = {}): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retried: 0, undeliverable: 0 };
  const smtpUrl = options.smtpUrl ?? serverEnv().SMTP_URL;
  if (!smtpUrl) return result;
  const now = options.now ?? (() => new Date());
  // The URL sets host, port, TLS and credentials; the timeouts keep a slow or absent mail server from holding a batch long.
  const smtp = new SMTPTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  const transport = nodemailer.createTransport(smtp, { from: options.from ?? serverEnv().SMTP_FROM });
  try {
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      const claimed = await claimDueEmails({ ids: options.ids, now: now() });
      for (const email of claimed) {
        try {
          await transport.sendMail({ to: email.to, subject: email.subject, text: email.body });
          await recordDelivered(email.id, now());
          result.sent++;
        } catch (error) {
          const gaveUp = await recordFailedAttempt(email, error, now());
          result[gaveUp ? 'undeliverable' : 'retried']++;
        }
      }
      if (options.ids || claimed.length < BATCH_SIZE) break;
    }
  } finally {
    transport.close();
  }
  return result;
}

/** Claims up to a batch of due messages for this server: counts the attempt and leases them. */
async function claimDueEmails(options: { ids?: string[]; now: Date }): Promise<ClaimedEmail[]> {
  const { rows } = await pgPool().query<ClaimedEmail>(
    `UPDATE outbox_emails o
        SET attempts = o.attempts + 1, next_attempt_at = $2
       FROM (SELECT id FROM outbox_emails
              WHERE next_attempt_at <= $1 AND sent_at IS NULL AND ($3::text[] IS NULL OR id = ANY($3::text[]))
              ORDER BY next_attempt_at
              LIMIT $4
              FOR UPDATE SKIP LOCKED) due
      WHERE o.id = due.id
      RETURNING o.id, o."to", o.subject, o.body, o.attempts`,
    [options.now, new Date(options.now.getTime() + CLAIM_LEASE_MS), options.ids ?? null, BATCH_SIZE],
  );
  return rows;
}

async function recordDelivered(id: string, now: Date): Promise<void> {
  await pgPool().query('UPDATE outbox_emails SET sent_at = $2, next_attempt_at = NULL WHERE id = $1', [id, now]);
}

/** Schedules the retry, or gives up after the last attempt; true when it gave up. */
async function recordFailedAttempt(email: ClaimedEmail, error: unknown, now: Date): Promise<boolean> {
  const lastError = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
  const gaveUp = email.attempts >= MAX_DELIVERY_ATTEMPTS;
  const nextAttemptAt = gaveUp ? null : new Date(now.getTime() + retryDelayMs(email.attempts));
  await pgPool().query('UPDATE outbox_emails SET last_error = $2, next_attempt_at = $3, undeliverable_at = $4 WHERE id = $1', [
    email.id,
    lastError,
    nextAttemptAt,
    gaveUp ? now : null,
  ]);
  const fields = { emailId: email.id, to: email.to, attempts: email.attempts, error: lastError };
  if (gaveUp) log.error('e-mail undeliverable: gave up after the last attempt', fields);
  else log.warn('e-mail not delivered; it will be retried', { ...fields, nextAttemptAt: nextAttemptAt?.toISOString() });
  return gaveUp;
}
