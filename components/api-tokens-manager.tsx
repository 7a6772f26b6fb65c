'use client';

import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import { useFlags } from '@atlaskit/flag';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from '@/lib/api/call-api';
import type { ApiTokenJson } from '@/lib/api-tokens/api-tokens';
import { formatUtcDateTime } from '@/lib/format';

const head = {
  cells: [
    { key: 'name', content: 'Name' },
    { key: 'prefix', content: 'Token' },
    { key: 'created', content: 'Created (UTC)' },
    { key: 'used', content: 'Last used (UTC)' },
    { key: 'state', content: 'State' },
    { key: 'actions', content: '' },
  ],
};

export function ApiTokensManager(props: { tokens: ApiTokenJson[] }) {
  const router = useRouter();
  const { showFlag } = useFlags();
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function create() {
    setBusy(true);
    try {
      const created = await callApi<{ secret: string }>('/api/v1/api-tokens', { method: 'POST', body: { name } });
      setSecret(created.secret);
      setName('');
      router.refresh();
    } catch (e) {
      showFlag({ appearance: 'error', title: 'The token was not created', description: e instanceof Error ? e.message : '', isAutoDismiss: true });
    } finally {
      setBusy(false);
    }
  }

  async function revoke(id: string) {
    try {
      await callApi(`/api/v1/api-tokens/${id}`, { method: 'DELETE' });
      showFlag({ appearance: 'success', title: 'Token revoked', isAutoDismiss: true, testId: 'token-flag' });
      router.refresh();
    } catch (e) {
      showFlag({ appearance: 'error', title: 'The token was not revoked', description: e instanceof Error ? e.message : '', isAutoDismiss: true });
    }
  }

  const rows = props.tokens.map((t) => ({
    key: t.id,
    testId: 'token-row',
    cells: [
      { key: 'name', content: t.name },
      { key: 'prefix', content: <code>{t.prefix}…</code> },
      { key: 'created', content: formatUtcDateTime(t.createdAt) },
      { key: 'used', content: t.lastUsedAt ? formatUtcDateTime(t.lastUsedAt) : 'Never' },
      { key: 'state', content: t.revokedAt ? `Revoked ${formatUtcDateTime(t.revokedAt)}` : t.expiresAt ? `Expires ${formatUtcDateTime(t.expiresAt)}` : 'Active' },
      {
        key: 'actions',
        content: t.revokedAt ? null : (
          <Button appearance="subtle" onClick={() => void revoke(t.id)} testId={`revoke-${t.name}`}>
            Revoke
          </Button>
        ),
      },
    ],
  }));

  return (
    <>
      <form
        className="filter-bar"
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <div style={{ width: 320 }}>
          <Textfield aria-label="Token name" placeholder="Name, e.g. on-call laptop" value={name} onChange={(e) => setName(e.currentTarget.value)} testId="token-name" />
        </div>
        <Button type="submit" appearance="primary" isDisabled={!name.trim()} isLoading={busy} testId="create-token">
          Create token
        </Button>
      </form>
      {secret && (
        <SectionMessage appearance="success" title="Copy your new token now" testId="new-token">
          <p>It will not be shown again.</p>
          <p>
            <code data-testid="new-token-secret">{secret}</code>
          </p>
        </SectionMessage>
      )}
      <DynamicTable caption="Your tokens" head={head} rows={rows} testId="api-tokens" emptyView={<p>No tokens yet.</p>} />
    </>
  );
}
