import 'server-only';
import type { EmailMessage } from '@/lib/email/send-email';
import { serverEnv } from '@/lib/env';
import { formatUtcDateTime } from '@/lib/format';
import { vendorRole, type VendorRoleName } from '@/lib/vendors/vendor-roles';

/**
 * The link to the page where the invitation is accepted or declined; the
 * secret is in it, never stored. It rides in the query string, which the
 * request logs leave out (they record the path).
 */
export function invitationLink(secret: string): string {
  const url = new URL('/invitations', serverEnv().NEXTAUTH_URL);
  url.searchParams.set('token', secret);
  return url.toString();
}

/** "You are invited", to the address invited, whether or not it has an account. */
export function vendorInvitationEmail(invitation: { email: string; role: VendorRoleName; vendorName: string; invitedBy: string; expiresAt: Date; secret: string }): EmailMessage {
  const role = vendorRole(invitation.role);
  return {
    to: invitation.email,
    subject: `You are invited to join ${invitation.vendorName} on Logshare`,
    body: [
      'Hello,',
      '',
      `${invitation.invitedBy} invites you to join ${invitation.vendorName} in Logshare's developer console as ${role.label.toLowerCase()}: you would ${role.grants}.`,
      '',
      `Accept or decline, signed in to Logshare as ${invitation.email}:`,
      invitationLink(invitation.secret),
      '',
      `The link works until ${formatUtcDateTime(invitation.expiresAt.toISOString())}.`,
      `Logshare has no sign-up: if you have no account yet, ask whoever runs Logshare for your company to create one for ${invitation.email}; the invitation stays open until the date above.`,
      'If you did not expect this e-mail, ignore it: nothing changes unless you accept.',
      '',
      '— Logshare',
    ].join('\n'),
  };
}
