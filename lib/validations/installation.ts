import { z } from 'zod';
import { text } from '@/lib/validations/text';

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
export const organizationSettingsSchema = z
  .strictObject({
    shareLogsByDefault: z.boolean().optional(),
    technicalContactEmail: z.email('must be an e-mail address').max(320).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
