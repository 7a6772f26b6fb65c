import { z } from 'zod';
import { text } from '@/lib/validations/text';
import { REASON_CODE_NAMES } from '@/lib/validations/access-requests';
import { grantScopeSchema } from '@/lib/validations/grant-scope';

export const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'is not an id');

/** POST /api/v1/installations: the platform telling us an app was installed. */
export const createInstallationSchema = z.strictObject({
  appId: idSchema,
  siteId: idSchema,
  product: z.enum(['JIRA', 'CONFLUENCE', 'JIRA_SERVICE_MANAGEMENT', 'COMPASS']),
  environment: z.enum(['PRODUCTION', 'STAGING', 'DEVELOPMENT']).default('PRODUCTION'),
  appVersion: text().trim().min(1).max(64),
});

/** PATCH /api/v1/organizations/{id} */
/** Vendors named by a policy: distinct ids, at most 100. */
const vendorIdsSchema = z
  .array(idSchema)
  .max(100, 'a policy names at most 100 vendors')
  .refine((ids) => new Set(ids).size === ids.length, 'a vendor is listed twice');

export const organizationSettingsSchema = z
  .strictObject({
    shareLogsByDefault: z.boolean().optional(),
    technicalContactEmail: z.email('must be an e-mail address').max(320).nullable().optional(),
    neverShareVendorIds: vendorIdsSchema.optional(),
    maxGrantDays: z.number().int('maxGrantDays must be a whole number of days').min(1, 'maxGrantDays must be at least 1').max(365, 'maxGrantDays must be at most 365').nullable().optional(),
    autoApproveVendorIds: vendorIdsSchema.optional(),
    autoApproveReasonCodes: z.array(z.enum(REASON_CODE_NAMES, { error: `each reason code must be one of ${REASON_CODE_NAMES.join(', ')}` })).max(REASON_CODE_NAMES.length).optional(),
    /** The scope every new grant gets unless an admin chooses another; null: the full grant. */
    defaultGrantScope: grantScopeSchema.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
