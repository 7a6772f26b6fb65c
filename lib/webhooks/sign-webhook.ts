import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';

// A delivery's signature: HMAC-SHA256 with the endpoint's secret over
// `${timestamp}.${body}`, sent as `Logshare-Signature: t=<unix seconds>,v1=<hex>`.
// The timestamp inside the signed text lets a receiver refuse a replayed
// request; the event id header lets it drop a repeated event (retries resend
// the same id). README "Webhooks" shows a receiver's check.

export const SIGNATURE_HEADER = 'logshare-signature';
export const EVENT_ID_HEADER = 'logshare-event-id';
export const EVENT_TYPE_HEADER = 'logshare-event-type';
export const DELIVERY_ID_HEADER = 'logshare-delivery-id';

/** How old a signature a receiver should still accept (our verifier's default). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeaderValue(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${webhookSignature(secret, timestamp, body)}`;
}

/** What a receiver does: the header's time is recent and one of its v1 signatures matches, compared in constant time. */
export function verifyWebhookSignature(options: { secret: string; header: string | null | undefined; body: string; now?: Date; toleranceSeconds?: number }): boolean {
  if (!options.header) return false;
  const parts = options.header.split(',').map((part) => part.trim().split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isSafeInteger(timestamp)) return false;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - timestamp) > (options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(webhookSignature(options.secret, timestamp, options.body), 'hex');
  return parts
    .filter(([key, value]) => key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value))
    .some(([, value]) => timingSafeEqual(Buffer.from(value!, 'hex'), expected));
}
