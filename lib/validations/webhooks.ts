import { z } from 'zod';
import { text } from '@/lib/validations/text';
import { WEBHOOK_EVENT_KIND_NAMES } from '@/lib/webhooks/event-kinds';

// Webhook endpoints, for the Admin Hub's form and the API alike. The URL's
// shape is checked here; whether its host may be reached (loopback only in
// development and tests, never a private address) depends on the server and
// on DNS, so lib/webhooks/webhook-url.ts checks that on the server.

export const MAX_WEBHOOK_URL_LENGTH = 2000;

/** Host names a loopback endpoint may use (development and tests). */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'] as const;

export function isLoopbackHost(hostname: string): boolean {
  return (LOOPBACK_HOSTS as readonly string[]).includes(hostname.toLowerCase());
}

export const webhookUrlSchema = text()
  .trim()
  .min(1, 'Enter the endpoint’s URL')
  .max(MAX_WEBHOOK_URL_LENGTH, `The URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters`)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Enter a full URL, e.g. https://siem.example.com/logshare' });
      return;
    }
    if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'The URL must not hold a user name or password: the signature authenticates Logshare' });
    if (url.hash) ctx.addIssue({ code: 'custom', message: 'The URL must not have a #fragment' });
    if (url.protocol === 'https:') return;
    if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return;
    ctx.addIssue({ code: 'custom', message: 'The URL must start with https:// (http:// only for 127.0.0.1 or localhost in development)' });
  });

export const webhookEventKindsSchema = z
  .array(z.enum(WEBHOOK_EVENT_KIND_NAMES, { message: `Event types are ${WEBHOOK_EVENT_KIND_NAMES.join(', ')}` }))
  .min(1, 'Choose at least one kind of event')
  .max(WEBHOOK_EVENT_KIND_NAMES.length)
  .transform((kinds) => [...new Set(kinds)]);

export const createWebhookSchema = z.strictObject({
  url: webhookUrlSchema,
  eventTypes: webhookEventKindsSchema,
  enabled: z.boolean().default(true),
});

export const updateWebhookSchema = z
  .strictObject({
    url: webhookUrlSchema.optional(),
    eventTypes: webhookEventKindsSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((v) => v.url !== undefined || v.eventTypes !== undefined || v.enabled !== undefined, { message: 'Send url, eventTypes or enabled' });

export const WEBHOOK_DELIVERIES_PAGE = 20;

export const webhookDeliveriesQuerySchema = z.strictObject({
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'The cursor is not one this API gave out').optional(),
  limit: z.coerce.number().int().min(1).max(100, 'limit is at most 100').default(WEBHOOK_DELIVERIES_PAGE),
});
