'use client';

import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Textfield from '@atlaskit/textfield';
import { useState } from 'react';
import type { ApiTokenJson } from '@/lib/api-tokens/api-tokens';
import { formatUtcDateTime } from '@/lib/format';
import { NewTokenSecret, useTokenActions } from '@/components/use-token-actions';

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
  const [name, setName] = useState('');
  const { secret, busy, create, askToRevoke, revokeDialog } = useTokenActions({
    createUrl: '/api/v1/api-tokens',
    revokeUrl: (id) => `/api/v1/api-tokens/${id}`,
    revokedTitle: 'Token revoked',
    revokeWarning: 'Scripts and tools that use it get 401 from the next request on. This cannot be undone: create a new token to replace it.',
    flagTestId: 'token-flag',
  });

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
          <Button appearance="subtle" onClick={() => askToRevoke({ id: t.id, name: t.name })} testId={`revoke-${t.name}`}>
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
          void create({ name }).then((created) => created && setName(''));
        }}
      >
        <div style={{ width: 320 }}>
          <Textfield aria-label="Token name" placeholder="Name, e.g. on-call laptop" value={name} onChange={(e) => setName(e.currentTarget.value)} testId="token-name" />
        </div>
        <Button type="submit" appearance="primary" isDisabled={!name.trim()} isLoading={busy} testId="create-token">
          Create token
        </Button>
      </form>
      {secret && <NewTokenSecret title="Copy your new token now" secret={secret} testId="new-token" />}
      {revokeDialog}
      <div className="table-scroll">
        <DynamicTable caption="Your tokens" head={head} rows={rows} testId="api-tokens" emptyView={<p>No tokens yet.</p>} />
      </div>
    </>
  );
}
