'use client';

import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import { useFlags } from '@atlaskit/flag';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from '@/lib/api/call-api';
import type { VendorMemberJson } from '@/lib/vendors/vendor-members';

type Role = 'OWNER' | 'DEVELOPER' | 'VIEWER';
type Option = { label: string; value: Role };
const ROLES: Option[] = [
  { label: 'Owner', value: 'OWNER' },
  { label: 'Developer', value: 'DEVELOPER' },
  { label: 'Viewer', value: 'VIEWER' },
];

export function VendorMembersManager(props: { vendorId: string; members: VendorMemberJson[]; canManage: boolean; currentEmail: string }) {
  const router = useRouter();
  const { showFlag } = useFlags();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Option>(ROLES[1]!);
  const base = `/api/v1/vendors/${props.vendorId}/members`;

  async function act(title: string, call: () => Promise<unknown>) {
    try {
      await call();
      showFlag({ appearance: 'success', title, isAutoDismiss: true, testId: 'members-flag' });
      router.refresh();
    } catch (e) {
      showFlag({ appearance: 'error', title: 'That did not work', description: e instanceof Error ? e.message : '', isAutoDismiss: true, testId: 'members-error-flag' });
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
              onChange={(o) => o && void act('Role changed', () => callApi(`${base}/${m.id}`, { method: 'PATCH', body: { role: o.value } }))}
            />
          </div>
        ) : (
          ROLES.find((r) => r.value === m.role)?.label
        ),
      },
      {
        key: 'actions',
        content:
          props.canManage && m.email !== props.currentEmail ? (
            <Button appearance="subtle" onClick={() => void act('Member removed', () => callApi(`${base}/${m.id}`, { method: 'DELETE' }))}>
              Remove
            </Button>
          ) : null,
      },
    ],
  }));

  return (
    <>
      {props.canManage && (
        <form
          className="filter-bar"
          onSubmit={(event) => {
            event.preventDefault();
            void act('Member added', () => callApi(base, { method: 'POST', body: { email, role: role.value } })).then(() => setEmail(''));
          }}
        >
          <div style={{ width: 280 }}>
            <Textfield aria-label="E-mail of the person to add" placeholder="name@example.com" value={email} onChange={(e) => setEmail(e.currentTarget.value)} testId="member-email" />
          </div>
          <div style={{ width: 160 }}>
            <Select<Option> aria-label="Role" options={ROLES} value={role} onChange={(o) => o && setRole(o)} />
          </div>
          <Button type="submit" isDisabled={!email.trim()} testId="add-member">
            Add member
          </Button>
        </form>
      )}
      <DynamicTable caption="Members" head={head} rows={rows} testId={`members-${props.vendorId}`} />
    </>
  );
}
