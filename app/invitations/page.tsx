import type { Metadata } from 'next';
import Link from 'next/link';
import { InvitationAnswer } from '@/components/invitation-answer';
import { SignOutButton } from '@/components/sign-out-button';
import { requirePageViewer } from '@/lib/auth/guards';
import { homePathOf } from '@/lib/auth/viewer';
import { formatUtcDateTime } from '@/lib/format';
import { invitationTokenSchema } from '@/lib/validations/vendor-members';
import { findInvitationByLink } from '@/lib/vendors/list-vendor-invitations';
import { vendorRole } from '@/lib/vendors/vendor-roles';

export const metadata: Metadata = { title: 'Invitation', referrer: 'no-referrer' };

/**
 * Where the invitation e-mail's link leads (sign-in first, then back here).
 * It shows the invitation only to the account with the invited address; for
 * anyone else the link is as good as unknown.
 */
export default async function InvitationPage(props: { searchParams: Promise<{ token?: string | string[] }> }) {
  const viewer = await requirePageViewer();
  const parsed = invitationTokenSchema.safeParse((await props.searchParams).token);
  const invitation = parsed.success ? await findInvitationByLink({ token: parsed.data, email: viewer.email }) : null;
  const role = invitation && vendorRole(invitation.role);
  return (
    <main className="centered invitation" data-testid="invitation-page">
      {!invitation || !role ? (
        <>
          <h1>No invitation here</h1>
          <p data-testid="invitation-not-found">
            No invitation for {viewer.email} matches this link. It may have been answered or cancelled, replaced by a newer
            e-mail, or sent to another address: then sign out and sign in with that address.
          </p>
        </>
      ) : invitation.isExpired ? (
        <>
          <h1>This invitation expired</h1>
          <p data-testid="invitation-expired">
            {invitation.invitedBy} invited you to join {invitation.vendor.name}; the link worked until{' '}
            {formatUtcDateTime(invitation.expiresAt)}. Ask an owner of {invitation.vendor.name} to invite you again.
          </p>
        </>
      ) : (
        <>
          <h1>Join {invitation.vendor.name}</h1>
          <p data-testid="invitation-summary">
            {invitation.invitedBy} invites you ({viewer.email}) to join {invitation.vendor.name} in the developer console as{' '}
            <strong>{role.label.toLowerCase()}</strong>: you would {role.grants}.
          </p>
          <p className="muted">The invitation is open until {formatUtcDateTime(invitation.expiresAt)}.</p>
          <InvitationAnswer token={parsed.data!} vendorName={invitation.vendor.name} />
        </>
      )}
      <p className="invitation-footer">
        <Link href={homePathOf(viewer)}>Go to Logshare</Link>
        <SignOutButton />
      </p>
    </main>
  );
}
