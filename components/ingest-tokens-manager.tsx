'use client';

import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { useState } from 'react';
import { NewTokenSecret, useTokenActions } from '@/components/use-token-actions';
import { formatUtcDateTime } from '@/lib/format';
import type { IngestTokenJson } from '@/lib/ingest-tokens/ingest-tokens';
import { INGEST_ENVIRONMENTS } from '@/lib/validations/ingest-tokens';

type Option = { label: string; value: string };
const ENVIRONMENTS: Option[] = INGEST_ENVIRONMENTS.map((e) => ({ label: e, value: e }));

const head = {
  cells: [
    { key: 'name', content: 'Name' },
    { key: 'environment', content: 'Environment' },
    { key: 'prefix', content: 'Token' },
    { key: 'created', content: 'Created (UTC)' },
    { key: 'used', content: 'Last used (UTC)' },
    { key: 'state', content: 'State' },
    { key: 'actions', content: '' },
  ],
};

/** The app's ingest tokens; owners and developers also create and revoke them. */
export function IngestTokensManager(props: { appId: string; tokens: IngestTokenJson[]; canManage: boolean }) {
  const [name, setName] = useState('');
  const [environment, setEnvironment] = useState<Option>(ENVIRONMENTS[0]!);
  const base = `/api/v1/apps/${props.appId}/ingest-tokens`;
  const { secret, busy, create, askToRevoke, revokeDialog } = useTokenActions({
    createUrl: base,
    revokeUrl: (id) => `${base}/${id}`,
    revokedTitle: 'Ingest token revoked',
    revokeWarning: 'The app’s log lines sent with it are refused (401) from the next request on, so lines are lost until the app has a new token. This cannot be undone.',
    flagTestId: 'ingest-token-flag',
  });

  const rows = props.tokens.map((t) => ({
    key: t.id,
    testId: 'ingest-token-row',
    cells: [
      { key: 'name', content: t.name },
      { key: 'environment', content: t.environment },
      { key: 'prefix', content: <code>{t.prefix}…</code> },
      { key: 'created', content: `${formatUtcDateTime(t.createdAt)}${t.createdBy ? ` by ${t.createdBy}` : ''}` },
      { key: 'used', content: t.lastUsedAt ? formatUtcDateTime(t.lastUsedAt) : 'Never' },
      { key: 'state', content: t.revokedAt ? `Revoked ${formatUtcDateTime(t.revokedAt)}` : 'Active' },
      {
        key: 'actions',
        content:
          t.revokedAt || !props.canManage ? null : (
            <Button appearance="subtle" onClick={() => askToRevoke({ id: t.id, name: t.name })} testId={`revoke-ingest-${t.name}`}>
              Revoke
            </Button>
          ),
      },
    ],
  }));

  return (
    <section className="ingest-tokens">
      <Heading size="medium" as="h2">
        Ingest tokens
      </Heading>
      <p>
        Your app sends its logs to <code>POST /api/v1/ingest</code> (NDJSON) or <code>POST /api/otlp/v1/logs</code> (OpenTelemetry) with{' '}
        <code>Authorization: Bearer &lt;token&gt;</code>. A token writes into the installations of one environment.
      </p>
      {props.canManage && (
        <form
          className="filter-bar"
          onSubmit={(event) => {
            event.preventDefault();
            void create({ name, environment: environment.value }).then((created) => created && setName(''));
          }}
        >
          <div style={{ width: 280 }}>
            <Textfield aria-label="Token name" placeholder="Name, e.g. production workers" value={name} onChange={(e) => setName(e.currentTarget.value)} testId="ingest-token-name" />
          </div>
          <div style={{ width: 190 }}>
            <Select<Option>
              inputId="ingest-token-environment"
              aria-label="Environment"
              options={ENVIRONMENTS}
              value={environment}
              onChange={(o) => o && setEnvironment(o)}
              testId="ingest-token-environment"
            />
          </div>
          <Button type="submit" appearance="primary" isDisabled={!name.trim()} isLoading={busy} testId="create-ingest-token">
            Create ingest token
          </Button>
        </form>
      )}
      {secret && <NewTokenSecret title="Copy your new ingest token now" secret={secret} testId="new-ingest-token" />}
      {revokeDialog}
      <div className="table-scroll">
        <DynamicTable caption="Tokens of this app" head={head} rows={rows} testId="ingest-tokens" emptyView={<p>No ingest tokens yet.</p>} />
      </div>
    </section>
  );
}
