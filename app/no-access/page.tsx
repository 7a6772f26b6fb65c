import type { Metadata } from 'next';
import { MessagePage } from '@/components/message-page';
import { SignOutButton } from '@/components/sign-out-button';
import { VendorInvitationsNotice } from '@/components/vendor-invitations-notice';
import { requirePageViewer } from '@/lib/auth/guards';
import { listOpenInvitationsFor } from '@/lib/vendors/list-vendor-invitations';

export const metadata: Metadata = { title: 'No access yet' };

export default async function NoAccessPage() {
  const viewer = await requirePageViewer();
  const invitations = await listOpenInvitationsFor(viewer.email);
  return (
    <MessagePage title="No access yet" links={[]} signedInAs={viewer.email} actions={<SignOutButton />}>
      <p>
        You are signed in as {viewer.email}, but you are not an admin of any site and not a member of any vendor. Ask an
        organization admin or a vendor owner to add you.
      </p>
      <VendorInvitationsNotice invitations={invitations} email={viewer.email} />
    </MessagePage>
  );
}
