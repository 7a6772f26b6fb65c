import { z } from 'zod';
import { text } from '@/lib/validations/text';
import { isoInstantSchema } from '@/lib/validations/time';
import { grantScopeSchema } from '@/lib/validations/grant-scope';

export const REASON_MIN = 10;
export const REASON_MAX = 1000;
export const NOTE_MAX = 1000;

/** Why the vendor asks; the admins read it in the Admin Hub and in their e-mail. */
export const reasonSchema = text({ error: 'reason is required' })
  .trim()
  .min(REASON_MIN, `reason must be at least ${REASON_MIN} characters`)
  .max(REASON_MAX, `reason must be at most ${REASON_MAX} characters`);

/** Why the admin declines; the vendor reads it in the console. */
export const declineNoteSchema = text({ error: 'note is required' })
  .trim()
  .min(1, 'note is required: say why you decline')
  .max(NOTE_MAX, `note must be at most ${NOTE_MAX} characters`);

/** The kinds of reason a vendor can give, as the API names them, with the words the pages use. */
export const REASON_CODES = {
  customer_reported: 'Customer-reported problem',
  vendor_detected: 'Vendor-detected incident',
  security_investigation: 'Security investigation',
  other: 'Other',
} as const;
export type ReasonCode = keyof typeof REASON_CODES;
export const REASON_CODE_NAMES = Object.keys(REASON_CODES) as [ReasonCode, ...ReasonCode[]];

export const TICKET_MAX = 100;

/**
 * POST /api/v1/installations/{id}/access-requests. Without reasonCode the
 * request's kind is `other`. With extendsGrantId it asks for more time on
 * that grant (the installation's current one) and proposes its new end, expiresAt.
 */
export const createAccessRequestSchema = z
  .strictObject({
    reason: reasonSchema,
    extendsGrantId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'extendsGrantId must be a grant id').optional(),
    reasonCode: z.enum(REASON_CODE_NAMES, { error: `reasonCode must be one of ${REASON_CODE_NAMES.join(', ')}` }).default('other'),
    ticketReference: text().trim().min(1, 'ticketReference must not be empty').max(TICKET_MAX, `ticketReference must be at most ${TICKET_MAX} characters`).nullish(),
    expiresAt: isoInstantSchema.nullish(),
  })
  .refine((r) => r.reasonCode !== 'customer_reported' || r.ticketReference, {
    message: "ticketReference is required for a customer-reported problem: the customer's ticket, so the admins can match it",
    path: ['ticketReference'],
  })
  .refine((r) => !r.extendsGrantId || r.expiresAt, {
    message: 'expiresAt is required with extendsGrantId: an extension proposes the new end date',
    path: ['expiresAt'],
  });

export type CreateAccessRequestInput = z.input<typeof createAccessRequestSchema>;

/** POST /api/v1/access-requests/{id}/approve: without expiresAt the requested end date holds; null shares without one. */
export const approveAccessRequestSchema = z.strictObject({
  expiresAt: isoInstantSchema.nullish(),
  /** What the vendor may see; left out, the organization's default scope; null, everything. */
  scope: grantScopeSchema.nullish(),
});

/** POST /api/v1/access-requests/{id}/decline */
export const declineAccessRequestSchema = z.strictObject({ note: declineNoteSchema });

export const ACCESS_REQUEST_STATUSES = ['pending', 'approved', 'declined', 'withdrawn'] as const;
export type ApiAccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number];

/** GET /api/v1/sites/{siteId}/access-requests?status=pending */
export const accessRequestListQuerySchema = z.strictObject({
  status: z.enum(ACCESS_REQUEST_STATUSES, { error: `status must be one of ${ACCESS_REQUEST_STATUSES.join(', ')}` }).optional(),
});
