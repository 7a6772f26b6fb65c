import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors';
import type { AuditAction } from '@/lib/generated/prisma/enums';
import { eventKindOfAction, WEBHOOK_TEST_EVENT_TYPE } from '@/lib/webhooks/event-kinds';

// An endpoint's delivery log, newest first, keyset-paged on (created_at, id).

export type WebhookDeliveryJson = {
  id: string;
  eventId: string;
  eventType: string;
  siteUrl: string | null;
  createdAt: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  responseExcerpt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
};

type Row = {
  id: string;
  audit_event_id: string | null;
  test_event_id: string | null;
  action: AuditAction | null;
  site_url: string | null;
  created_at: Date;
  attempts: number;
  last_attempt_at: Date | null;
  next_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  response_excerpt: string | null;
  delivered_at: Date | null;
  failed_at: Date | null;
};

function encodeCursor(row: Row): string {
  return Buffer.from(`${row.created_at.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(value: string): { createdAt: Date; id: string } {
  const [iso, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!iso || Number.isNaN(createdAt.getTime()) || !id || !/^[A-Za-z0-9_-]{1,64}$/.test(id) || rest.length) {
    throw new AppError('bad_request', 'cursor is not one this API gave out.');
  }
  return { createdAt, id };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function listWebhookDeliveries(options: { endpointId: string; cursor?: string; limit: number; deliveryId?: string }): Promise<{ deliveries: WebhookDeliveryJson[]; nextCursor: string | null }> {
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const { rows } = await pgPool().query<Row>(
    `SELECT d.id, d.audit_event_id::text, d.test_payload ->> 'id' AS test_event_id, a.action, s.url AS site_url, d.created_at, d.attempts,
            d.last_attempt_at, d.next_attempt_at, d.last_status, d.last_error, d.response_excerpt, d.delivered_at, d.failed_at
       FROM webhook_deliveries d
       LEFT JOIN audit_events a ON a.id = d.audit_event_id
       LEFT JOIN sites s ON s.id = a.site_id
      WHERE d.endpoint_id = $1 AND ($2::timestamptz IS NULL OR (d.created_at, d.id) < ($2::timestamptz, $3::text))
        AND ($5::text IS NULL OR d.id = $5::text)
      ORDER BY d.created_at DESC, d.id DESC
      LIMIT $4`,
    [options.endpointId, after?.createdAt ?? null, after?.id ?? null, options.limit + 1, options.deliveryId ?? null],
  );
  const page = rows.slice(0, options.limit);
  return {
    deliveries: page.map((row) => ({
      id: row.id,
      eventId: row.audit_event_id ? `evt_${row.audit_event_id}` : (row.test_event_id ?? ''),
      eventType: row.action ? (eventKindOfAction(row.action) ?? row.action) : WEBHOOK_TEST_EVENT_TYPE,
      siteUrl: row.site_url,
      createdAt: row.created_at.toISOString(),
      state: row.delivered_at ? 'delivered' : row.failed_at ? 'failed' : 'pending',
      attempts: row.attempts,
      lastAttemptAt: iso(row.last_attempt_at),
      nextAttemptAt: iso(row.next_attempt_at),
      lastStatus: row.last_status,
      lastError: row.last_error,
      responseExcerpt: row.response_excerpt,
      deliveredAt: iso(row.delivered_at),
      failedAt: iso(row.failed_at),
    })),
    nextCursor: rows.length > options.limit ? encodeCursor(page[page.length - 1]!) : null,
  };
}

export async function findWebhookDelivery(endpointId: string, deliveryId: string): Promise<WebhookDeliveryJson | null> {
  const { deliveries } = await listWebhookDeliveries({ endpointId, limit: 1, deliveryId });
  return deliveries[0] ?? null;
}
