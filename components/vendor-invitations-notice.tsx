'use client';

import SectionMessage from '@atlaskit/section-message';
import { formatUtcDateTime } from '@/lib/format';
import type { InvitationForInviteeJson } from '@/lib/vendors/list-vendor-invitations';
import { vendorRole } from '@/lib/vendors/vendor-roles';

/** Tells the signed-in person about invitations waiting for their answer; the e-mailed link is where they answer. */
export function VendorInvitationsNotice(props: { invitations: InvitationForInviteeJson[]; email: string }) {
  if (props.invitations.length === 0) return null;
  const title = props.invitations.length === 1 ? `${props.invitations[0]!.vendor.name} invites you to join` : `${props.invitations.length} vendors invite you to join`;
  return (
    <div className="banner">
      <SectionMessage appearance="discovery" title={title} testId="vendor-invitations-notice">
        <ul>
          {props.invitations.map((i) => (
            <li key={i.id}>
              {i.vendor.name}, as {vendorRole(i.role).label.toLowerCase()}: invited by {i.invitedBy}, until {formatUtcDateTime(i.expiresAt)}.
            </li>
          ))}
        </ul>
        <p>To accept or decline, open the link in the invitation e-mail sent to {props.email}.</p>
      </SectionMessage>
    </div>
  );
}
