'use client';

import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import { useFlags } from '@atlaskit/flag';
import Lozenge from '@atlaskit/lozenge';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConfirmModal } from '@/components/confirm-modal';
import { callApi } from '@/components/lib/call-api';
import { formatUtcDateTime } from '@/lib/format';
import type { VendorInvitationJson } from '@/lib/vendors/list-vendor-invitations';
import type { VendorMemberJson } from '@/lib/vendors/vendor-members';
import { VENDOR_ROLES, vendorRole, type VendorRoleName } from '@/lib/vendors/vendor-roles';

type Option = { label: string; value: VendorRoleName };
const ROLES: Option[] = VENDOR_ROLES.map((r) => ({ label: r.label, value: r.value }));

export function VendorMembersManager(props: {
  vendorId: string;
  vendorName: string;
  members: VendorMemberJson[];
  invitations: VendorInvitationJson[];
  canManage: boolean;
  currentEmail: string;
}) {
  const router = useRouter();
  const { showFlag } = useFlags();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Option>(ROLES[1]!);
  const [removing, setRemoving] = useState<VendorMemberJson | null>(null);
  const base = `/api/v1/vendors/${props.vendorId}`;

  async function act(title: string, call: () => Promise<unknown>, description?: string): Promise<boolean> {
    try {
      await call();
      showFlag({ appearance: 'success', title, description, isAutoDismiss: true, testId: 'members-flag' });
      router.refresh();
      return true;
    } catch (e) {
      showFlag({ appearance: 'error', title: 'That did not work', description: e instanceof Error ? e.message : '', isAutoDismiss: true, testId: 'members-error-flag' });
      return false;
    }
  }

  const head = { cells: [{ key: 'who', content: 'Member' }, { key: 'role', content: 'Role' }, { key: 'actions', content: '' }] };
  const rows = props.members.map((m) => ({
    key: m.id,
    testId: 'member-row',
    cells: [
      { key: 'who', content: `${m.name} (${m.email})` },
      {
        key: 'role',
        content: props.canManage ? (
          <div style={{ width: 160 }}>
            <Select<Option>
              aria-label={`Role of ${m.email}`}
              options={ROLES}
              value={ROLES.find((r) => r.value === m.role)}
              onChange={(o) => o && void act('Role changed', () => callApi(`${base}/members/${m.id}`, { method: 'PATCH', body: { role: o.value } }))}
            />
          </div>
        ) : (
          vendorRole(m.role).label
        ),
      },
      {
        key: 'actions',
        content:
          props.canManage && m.email !== props.currentEmail ? (
            <Button appearance="subtle" onClick={() => setRemoving(m)}>
              Remove
            </Button>
          ) : null,
      },
    ],
  }));

  return (
    <>
      <ConfirmModal
        isOpen={removing !== null}
        title={`Remove ${removing?.name ?? ''} from ${props.vendorName}?`}
        confirmLabel="Remove"
        onCancel={() => setRemoving(null)}
        onConfirm={async () => {
          if (removing) await act('Member removed', () => callApi(`${base}/members/${removing.id}`, { method: 'DELETE' }));
          setRemoving(null);
        }}
        testId="remove-member-dialog"
      >
        <p>
          {removing?.email} loses access to {props.vendorName}&apos;s apps and their logs at once. To bring them back, invite them again.
        </p>
      </ConfirmModal>
      {props.canManage && (
        <form
          className="filter-bar"
          onSubmit={(event) => {
            event.preventDefault();
            const invited = email.trim();
            void act('Invitation sent', () => callApi(`${base}/members`, { method: 'POST', body: { email: invited, role: role.value } }), `${invited} joins when they accept it.`).then(
              (sent) => sent && setEmail(''),
            );
          }}
        >
          <div style={{ width: 280, maxWidth: '100%' }}>
            <Textfield aria-label="E-mail of the person to invite" placeholder="name@example.com" value={email} onChange={(e) => setEmail(e.currentTarget.value)} testId="member-email" />
          </div>
          <div style={{ width: 160 }}>
            <Select<Option> aria-label="Role" options={ROLES} value={role} onChange={(o) => o && setRole(o)} />
          </div>
          <Button type="submit" appearance="primary" isDisabled={!email.trim()} testId="invite-member">
            Invite
          </Button>
        </form>
      )}
      <div className="table-scroll">
        <DynamicTable caption="Members" head={head} rows={rows} testId={`members-${props.vendorId}`} />
      </div>
      {props.canManage && props.invitations.length > 0 && <PendingInvitations invitations={props.invitations} cancel={(id) => act('Invitation cancelled', () => callApi(`${base}/invitations/${id}`, { method: 'DELETE' }))} />}
    </>
  );
}

function PendingInvitations(props: { invitations: VendorInvitationJson[]; cancel: (id: string) => Promise<boolean> }) {
  const head = {
    cells: [
      { key: 'email', content: 'Invited' },
      { key: 'role', content: 'Role' },
      { key: 'by', content: 'Invited by' },
      { key: 'expires', content: 'Link works until (UTC)' },
      { key: 'actions', content: '' },
    ],
  };
  const rows = props.invitations.map((i) => ({
    key: i.id,
    testId: 'invitation-row',
    cells: [
      { key: 'email', content: i.email },
      { key: 'role', content: vendorRole(i.role).label },
      { key: 'by', content: i.invitedBy },
      { key: 'expires', content: i.isExpired ? <Lozenge appearance="removed">Expired</Lozenge> : formatUtcDateTime(i.expiresAt) },
      {
        key: 'actions',
        content: (
          <Button appearance="subtle" onClick={() => void props.cancel(i.id)} testId={`cancel-invitation-${i.email}`}>
            Cancel
          </Button>
        ),
      },
    ],
  }));
  return (
    <div className="table-scroll">
      <DynamicTable caption="Pending invitations" head={head} rows={rows} testId="pending-invitations" />
    </div>
  );
}
