import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import { serverEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { webhookAddressPolicy, type AddressPolicy } from '@/lib/webhooks/webhook-address';
import { postWebhook, type WebhookAttempt } from '@/lib/webhooks/post-webhook';
import { MAX_WEBHOOK_ATTEMPTS, webhookRetryDelayMs } from '@/lib/webhooks/retry-delay';
import { DELIVERY_ID_HEADER, EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signatureHeaderValue } from '@/lib/webhooks/sign-webhook';
import { AUDIT_EVENT_ROW_COLUMNS, webhookEventOfAudit, type AuditEventRow, type WebhookEvent } from '@/lib/webhooks/webhook-event';

// Delivery from the webhook outbox, shared by every server, as the e-mail
// outbox does it (lib/email/deliver-outbox.ts): a deliverer claims due rows in
// one statement (FOR UPDATE SKIP LOCKED, so two servers never claim the same
// row) that counts the attempt and leases the row; it then POSTs outside any
// transaction and records the outcome. A server that dies mid-send leaves the
// row due again when the lease ends (the receiver may then see the event
// twice: the event id header is how it tells). Rows of a disabled endpoint
// wait; test events go out whatever the endpoint's state.

/** How long a claimed delivery is this server's; a test event is queued already leased, for the request that sends it. */
export const CLAIM_LEASE_MS = 5 * 60_000;
const BATCH_SIZE = 20;
const MAX_BATCHES_PER_RUN = 10;
const MAX_ERROR_LENGTH = 500;

export type WebhookDeliveryOptions = { now?: () => Date; firstRetryMs?: number; random?: () => number; policy?: AddressPolicy; timeoutMs?: number };
export type WebhookDeliveryResult = { delivered: number; retried: number; failed: number };

type ClaimedDelivery = Partial<AuditEventRow> & {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  test_payload: WebhookEvent | null;
};

/** Sends the given deliveries now, due or not (a test event), or any due delivery, batch after batch (the delivery job). */
export async function deliverDueWebhooks(options: WebhookDeliveryOptions & { ids?: string[] } = {}): Promise<WebhookDeliveryResult> {
  const result: WebhookDeliveryResult = { delivered: 0, retried: 0, failed: 0 };
  const now = options.now ?? (() => new Date());
  const policy = options.policy ?? webhookAddressPolicy();
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
    const claimed = await claimDueDeliveries({ ids: options.ids, now: now() });
    // One endpoint's slowness (up to the timeout) should not hold the others of the batch.
    await Promise.all(
      claimed.map(async (delivery) => {
        const event = delivery.test_payload ?? webhookEventOfAudit(delivery as AuditEventRow);
        const body = JSON.stringify(event);
        const attempt = await postWebhook({
          url: delivery.url,
          body,
          policy,
          timeoutMs: options.timeoutMs,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Logshare-Webhooks/1',
            [SIGNATURE_HEADER]: signatureHeaderValue(delivery.secret, Math.floor(now().getTime() / 1000), body),
            [EVENT_ID_HEADER]: event.id,
            [EVENT_TYPE_HEADER]: event.type,
            [DELIVERY_ID_HEADER]: delivery.id,
          },
        });
        const outcome = await recordAttempt(delivery, attempt, now(), options);
        result[outcome]++;
      }),
    );
    if (options.ids || claimed.length < BATCH_SIZE) break;
  }
  return result;
}

/** Claims up to a batch of due deliveries for this server (counts the attempt, leases them) and reads what sending them needs. */
async function claimDueDeliveries(options: { ids?: string[]; now: Date }): Promise<ClaimedDelivery[]> {
  const { rows } = await pgPool().query<ClaimedDelivery>(
    `WITH claimed AS (
       UPDATE webhook_deliveries d
          SET attempts = d.attempts + 1, next_attempt_at = $2, last_attempt_at = $1
         FROM (SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
                WHERE ($3::text[] IS NULL AND d.next_attempt_at <= $1 OR d.id = ANY($3::text[]) AND d.next_attempt_at IS NOT NULL)
                  AND (e.enabled OR d.audit_event_id IS NULL)
                ORDER BY d.next_attempt_at
                LIMIT $4
                FOR UPDATE OF d SKIP LOCKED) due
        WHERE d.id = due.id
        RETURNING d.id, d.attempts, d.endpoint_id, d.audit_event_id, d.test_payload)
     SELECT c.id, c.attempts, c.test_payload, e.url, e.secret, ${AUDIT_EVENT_ROW_COLUMNS}
       FROM claimed c
       JOIN webhook_endpoints e ON e.id = c.endpoint_id
       LEFT JOIN audit_events a ON a.id = c.audit_event_id
       LEFT JOIN organizations o ON o.id = a.organization_id
       LEFT JOIN sites s ON s.id = a.site_id
       LEFT JOIN installations i ON i.id = a.installation_id
       LEFT JOIN apps p ON p.id = i.app_id`,
    [options.now, new Date(options.now.getTime() + CLAIM_LEASE_MS), options.ids ?? null, BATCH_SIZE],
  );
  return rows;
}

/** Records one attempt's outcome: delivered, retried later, or failed for good after the last attempt. */
async function recordAttempt(delivery: ClaimedDelivery, attempt: WebhookAttempt, now: Date, options: WebhookDeliveryOptions): Promise<keyof WebhookDeliveryResult> {
  const error = attempt.error?.slice(0, MAX_ERROR_LENGTH) ?? null;
  if (attempt.ok) {
    await pgPool().query(
      `UPDATE webhook_deliveries SET delivered_at = $2, next_attempt_at = NULL, last_status = $3, last_error = NULL, response_excerpt = $4 WHERE id = $1`,
      [delivery.id, now, attempt.status, attempt.excerpt],
    );
    return 'delivered';
  }
  const gaveUp = delivery.attempts >= MAX_WEBHOOK_ATTEMPTS;
  const firstRetryMs = options.firstRetryMs ?? serverEnv().WEBHOOK_FIRST_RETRY_MS;
  const nextAttemptAt = gaveUp ? null : new Date(now.getTime() + webhookRetryDelayMs(delivery.attempts, { firstRetryMs, random: options.random }));
  await pgPool().query(
    `UPDATE webhook_deliveries SET next_attempt_at = $2, failed_at = $3, last_status = $4, last_error = $5, response_excerpt = $6 WHERE id = $1`,
    [delivery.id, nextAttemptAt, gaveUp ? now : null, attempt.status, error, attempt.excerpt],
  );
  const fields = { deliveryId: delivery.id, attempts: delivery.attempts, status: attempt.status, error };
  if (gaveUp) log.warn('webhook delivery failed: gave up after the last attempt', fields);
  else log.info('webhook delivery failed; it will be retried', { ...fields, nextAttemptAt: nextAttemptAt?.toISOString() });
  return gaveUp ? 'failed' : 'retried';
}

/** The delivery log keeps 30 days; a delivery still being retried is kept whatever its age. */
export const WEBHOOK_LOG_DAYS = 30;
const PURGE_BATCH = 10_000;

/** Deletes delivered and failed deliveries older than the log keeps, a batch at a time; how many it deleted. */
export async function purgeWebhookDeliveries(options: { now?: Date } = {}): Promise<number> {
  const before = new Date((options.now ?? new Date()).getTime() - WEBHOOK_LOG_DAYS * 86_400_000);
  let deleted = 0;
  for (;;) {
    const { rowCount } = await pgPool().query(
      `DELETE FROM webhook_deliveries WHERE id IN (
         SELECT id FROM webhook_deliveries WHERE created_at < $1 AND next_attempt_at IS NULL LIMIT $2)`,
      [before, PURGE_BATCH],
    );
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < PURGE_BATCH) return deleted;
  }
}
