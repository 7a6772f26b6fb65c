import { z } from 'zod';
import { text } from '@/lib/validations/text';

export const vendorRoleSchema = z.enum(['OWNER', 'DEVELOPER', 'VIEWER'], { error: 'role must be OWNER, DEVELOPER or VIEWER' });

/** POST /api/v1/vendors/{id}/members: invites a person by e-mail address; they join when they accept. */
export const inviteVendorMemberSchema = z.strictObject({
  email: text().trim().toLowerCase().max(254, 'An e-mail address has at most 254 characters').pipe(z.email('Enter an e-mail address')),
  role: vendorRoleSchema,
});

/** PATCH /api/v1/vendors/{id}/members/{memberId} */
export const changeVendorMemberSchema = z.strictObject({ role: vendorRoleSchema });

/** The secret of an invitation link: 32 random bytes, base64url. */
export const invitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'token must be the one from the invitation link');

/** POST /api/v1/vendor-invitations/accept and …/decline */
export const answerInvitationSchema = z.strictObject({ token: invitationTokenSchema });
