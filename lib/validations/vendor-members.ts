import { z } from 'zod';
import { text } from '@/lib/validations/text';

export const vendorRoleSchema = z.enum(['OWNER', 'DEVELOPER', 'VIEWER'], { error: 'role must be OWNER, DEVELOPER or VIEWER' });

/** POST /api/v1/vendors/{id}/members: adds a person who already has a Logshare account. */
export const addVendorMemberSchema = z.strictObject({
  email: text().trim().toLowerCase().email('Enter an e-mail address'),
  role: vendorRoleSchema,
});

/** PATCH /api/v1/vendors/{id}/members/{memberId} */
export const changeVendorMemberSchema = z.strictObject({ role: vendorRoleSchema });
