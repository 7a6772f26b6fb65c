import { z } from 'zod';
import { text } from '@/lib/validations/text';
import { isoInstantSchema } from '@/lib/validations/time';

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

/** POST /api/v1/installations/{id}/access-requests */
export const createAccessRequestSchema = z.strictObject({
  reason: reasonSchema,
  expiresAt: isoInstantSchema.nullish(),
});

/** POST /api/v1/access-requests/{id}/approve: without expiresAt the requested end date holds; null shares without one. */
export const approveAccessRequestSchema = z.strictObject({
  expiresAt: isoInstantSchema.nullish(),
});

/** POST /api/v1/access-requests/{id}/decline */
export const declineAccessRequestSchema = z.strictObject({ note: declineNoteSchema });

export const ACCESS_REQUEST_STATUSES = ['pending', 'approved', 'declined', 'withdrawn'] as const;
export type ApiAccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number];

/** GET /api/v1/sites/{siteId}/access-requests?status=pending */
export const accessRequestListQuerySchema = z.strictObject({
  status: z.enum(ACCESS_REQUEST_STATUSES, { error: `status must be one of ${ACCESS_REQUEST_STATUSES.join(', ')}` }).optional(),
});
