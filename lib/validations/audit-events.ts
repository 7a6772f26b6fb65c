import { z } from 'zod';
import { AUDIT_ACTIONS } from '@/lib/audit/describe-audit-event';
import type { AuditAction } from '@/lib/generated/prisma/enums';
import { isoInstantSchema } from '@/lib/validations/time';
import { text } from '@/lib/validations/text';

// The audit log's filters, read from the Admin Hub page's URL and from the
// API's query string alike. Every bound is the server's: a page holds at most
// MAX_AUDIT_PAGE entries, the free text at most MAX_AUDIT_TEXT characters.

export const AUDIT_PAGE_SIZE = 50;
export const MAX_AUDIT_PAGE = 200;
export const MAX_AUDIT_TEXT = 100;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** ?action=LOGS_DOWNLOADED,VENDOR_LOGS_READ */
const actionsSchema = text()
  .max(1_000, 'action must be at most 1000 characters')
  .transform((value) => [...new Set(value.split(',').map((a) => a.trim()).filter(Boolean))])
  .pipe(
    z
      .array(z.string().refine((a): a is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(a), { error: `action must be among ${AUDIT_ACTIONS.join(', ')}` }))
      .min(1, 'action must name at least one action'),
  )
  .transform((actions) => actions as AuditAction[]);

export const auditFilterShape = {
  from: isoInstantSchema.optional(),
  to: isoInstantSchema.optional(),
  action: actionsSchema.optional(),
  app: z.string().regex(ID, 'app must be an app id').optional(),
  /** A user id, or `system` for what Logshare itself did (expiry). */
  actor: z.string().regex(ID, 'actor must be a user id or system').optional(),
  q: text().trim().min(1, 'q must not be empty').max(MAX_AUDIT_TEXT, `q must be at most ${MAX_AUDIT_TEXT} characters`).optional(),
};

const pageShape = {
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int('limit must be a whole number').min(1, 'limit must be at least 1').max(MAX_AUDIT_PAGE, `limit must be at most ${MAX_AUDIT_PAGE}`).default(AUDIT_PAGE_SIZE),
};

function rangeInOrder(value: { from?: Date; to?: Date }) {
  return !(value.from && value.to && value.to <= value.from);
}
const RANGE_ORDER = { error: '`to` must be after `from` (the range is [from, to))', path: ['to'] };

/** GET /api/v1/sites/{siteId}/audit-events */
export const auditEventsQuerySchema = z
  .strictObject({
    ...auditFilterShape,
    ...pageShape,
    group: z.enum(['none', 'sessions'], { error: 'group must be none or sessions' }).default('none'),
  })
  .refine(rangeInOrder, RANGE_ORDER);

/** GET /api/v1/sites/{siteId}/audit-events/{eventId}/session */
export const auditSessionQuerySchema = z.strictObject({ ...auditFilterShape, ...pageShape }).refine(rangeInOrder, RANGE_ORDER);

/** GET /api/v1/sites/{siteId}/audit-events/export */
export const auditExportQuerySchema = z
  .strictObject({
    ...auditFilterShape,
    format: z.enum(['ndjson', 'csv'], { error: 'format must be ndjson or csv' }).default('csv'),
  })
  .refine(rangeInOrder, RANGE_ORDER);

/** The Admin Hub page's URL: the same filters and a cursor; what does not parse is dropped rather than failing the page. */
export const auditPageParamsSchema = z.object({ ...auditFilterShape, cursor: pageShape.cursor });

export type AuditFilterInput = { from?: Date; to?: Date; action?: AuditAction[]; app?: string; actor?: string; q?: string };
