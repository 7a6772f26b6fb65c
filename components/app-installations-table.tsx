'use client';

import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import { useFlags } from '@atlaskit/flag';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { AccessRequestLozenge } from '@/components/access-request-lozenge';
import { RequestAccessModal } from '@/components/request-access-modal';
import { LogAccessLozenge } from '@/components/log-access-lozenge';
import type { AccessRequestJson } from '@/lib/access-requests/access-request-json';
import type { CreateAccessRequestInput } from '@/lib/validations/access-requests';
import { callApi } from '@/components/lib/call-api';
import type { AppInstallation } from '@/lib/console/list-vendor-apps';
import { environmentLabel, formatUtcDate, productLabel } from '@/lib/format';
import { grantScopeSentence } from '@/lib/validations/grant-scope';

const head = {
  cells: [
    { key: 'site', content: 'Site', isSortable: true },
    { key: 'contact', content: 'Customer contact' },
    { key: 'product', content: 'Product', isSortable: true },
    { key: 'environment', content: 'Environment', isSortable: true },
    { key: 'version', content: 'Version' },
    { key: 'installed', content: 'Installed', isSortable: true },
    { key: 'access', content: 'Log access', isSortable: true },
    { key: 'request', content: 'Access request' },
    { key: 'actions', content: <span className="visually-hidden">Actions</span> },
  ],
};

type Props = {
  appName: string;
  installations: AppInstallation[];
  /** The newest access request of each installation (a pending one first), by installation id. */
  requests: Record<string, AccessRequestJson>;
  /** Owners and developers of the vendor may ask; viewers only look. */
  canRequest: boolean;
  /** Sites the person administers: there they enable access themselves instead of asking. */
  adminSiteUrls: string[];
};

function RequestState(props: { request: AccessRequestJson | undefined }) {
  const { request } = props;
  if (!request) return <span className="muted">—</span>;
  const when = request.status === 'pending' ? `Asked ${formatUtcDate(request.createdAt)}` : request.decidedAt ? formatUtcDate(request.decidedAt) : null;
  return (
    <div className="request-state">
      <AccessRequestLozenge status={request.status} />
      {request.extendsGrant && <span className="muted">More time</span>}
      {when && <span className="muted">{when}</span>}
      {request.decisionNote && (
        <span className="request-note" data-testid="access-request-note">
          “{request.decisionNote}”
        </span>
      )}
    </div>
  );
}

export function AppInstallationsTable(props: Props) {
  const router = useRouter();
  const { showFlag } = useFlags();
  const [asking, setAsking] = useState<AppInstallation | null>(null);
  const shared = asking?.logAccess.kind === 'shared' ? asking.logAccess : null;
  const extending = shared?.grantId && shared.until ? { grantId: shared.grantId, endsAt: shared.until } : null;
  const [busy, setBusy] = useState(false);

  async function act(action: () => Promise<unknown>, done: { title: string; description: string }, failed: string) {
    setBusy(true);
    try {
      await action();
      setAsking(null);
      showFlag({ appearance: 'success', ...done, isAutoDismiss: true, testId: 'access-request-flag' });
      router.refresh();
    } catch (error) {
      showFlag({
        appearance: 'error',
        title: failed,
        description: error instanceof Error ? error.message : 'Try again.',
        isAutoDismiss: true,
        testId: 'access-request-error-flag',
      });
    } finally {
      setBusy(false);
    }
  }

  function requestAccess(installation: AppInstallation, input: CreateAccessRequestInput) {
    const more = Boolean(input.extendsGrantId);
    void act(
      () => callApi(`/api/v1/installations/${installation.id}/access-requests`, { method: 'POST', body: input }),
      { title: more ? 'More time requested' : 'Access requested', description: `The admins of ${installation.siteUrl} have been told by e-mail. Their answer appears here.` },
      more ? 'More time was not requested' : 'Access was not requested',
    );
  }

  function withdraw(installation: AppInstallation, request: AccessRequestJson) {
    void act(
      () => callApi(`/api/v1/access-requests/${request.id}/withdraw`, { method: 'POST' }),
      { title: 'Request withdrawn', description: `The admins of ${installation.siteUrl} no longer see it waiting.` },
      'The request was not withdrawn',
    );
  }

  function actions(installation: AppInstallation, request: AccessRequestJson | undefined) {
    const { logAccess } = installation;
    // A grant with an end date can be extended: site admins do it themselves, the vendor asks.
    const extendable = logAccess.kind === 'shared' && logAccess.until !== null && logAccess.grantId !== undefined;
    if (logAccess.kind !== 'not-shared' && !extendable) return null;
    if (props.adminSiteUrls.includes(installation.siteUrl)) {
      return <Link href={`/admin/${installation.siteUrl}/apps/${installation.id}`}>{extendable ? 'Change in Admin Hub' : 'Enable in Admin Hub'}</Link>;
    }
    if (!props.canRequest) return null;
    if (request?.status === 'pending') {
      return (
        <Button appearance="subtle" spacing="compact" isDisabled={busy} onClick={() => withdraw(installation, request)} testId="withdraw-access-request">
          Withdraw request
        </Button>
      );
    }
    return extendable ? (
      <Button spacing="compact" onClick={() => setAsking(installation)} testId="request-more-time">
        Ask for more time
      </Button>
    ) : (
      <Button spacing="compact" onClick={() => setAsking(installation)} testId="request-access">
        Request access
      </Button>
    );
  }

  const rows = props.installations.map((i) => {
    const request = props.requests[i.id];
    return {
      key: i.id,
      testId: 'app-installation-row',
      cells: [
        { key: i.siteUrl, content: i.siteUrl },
        {
          key: 'contact',
          content: i.technicalContactEmail ? <a href={`mailto:${i.technicalContactEmail}`}>{i.technicalContactEmail}</a> : '—',
        },
        { key: i.product, content: productLabel(i.product) },
        { key: i.environment, content: environmentLabel(i.environment) },
        { key: i.appVersion, content: i.appVersion },
        { key: i.installedAt, content: formatUtcDate(i.installedAt) },
        {
          key: i.logAccess.kind,
          content: (
            <>
              <LogAccessLozenge state={i.logAccess} />
              {i.logAccess.kind === 'shared' && i.logAccess.scope && (
                <div className="muted scope-note" data-testid="installation-scope">
                  {grantScopeSentence(i.logAccess.scope)}
                </div>
              )}
            </>
          ),
        },
        { key: 'request', content: <RequestState request={request} /> },
        { key: 'actions', content: actions(i, request) },
      ],
    };
  });
  return (
    <>
      <div className="table-scroll">
        <DynamicTable
          caption="Installations"
          head={head}
          rows={rows}
          defaultSortKey="site"
          defaultSortOrder="ASC"
          testId="app-installations"
          emptyView={<EmptyState header="Not installed anywhere yet" description="Sites that install this app appear here." />}
        />
      </div>
      <RequestAccessModal
        isOpen={asking !== null}
        busy={busy}
        appName={props.appName}
        siteUrl={asking ? `${asking.siteUrl} (${environmentLabel(asking.environment)})` : ''}
        extending={extending}
        onCancel={() => setAsking(null)}
        onRequest={(input) => asking && requestAccess(asking, input)}
      />
    </>
  );
}
