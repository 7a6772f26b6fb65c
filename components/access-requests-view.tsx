'use client';

import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import { useFlags } from '@atlaskit/flag';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { AccessRequestLozenge } from '@/components/access-request-lozenge';
import { ApproveAccessRequestModal, DeclineAccessRequestModal, type DecisionTarget } from '@/components/decide-access-request-modals';
import type { AccessRequestJson } from '@/lib/access-requests/access-request-json';
import type { GrantScope } from '@/lib/validations/grant-scope';
import { callApi } from '@/components/lib/call-api';
import { environmentLabel, formatUtcDateTime, productLabel } from '@/lib/format';
import { RequestReason } from '@/components/request-reason';

const pendingHead = {
  cells: [
    { key: 'app', content: 'App' },
    { key: 'asked', content: 'Asked (UTC)' },
    { key: 'reason', content: 'Reason' },
    { key: 'until', content: 'Asked until' },
    { key: 'actions', content: <span className="visually-hidden">Actions</span> },
  ],
};

const decidedHead = {
  cells: [
    { key: 'app', content: 'App' },
    { key: 'asked', content: 'Asked (UTC)' },
    { key: 'reason', content: 'Reason' },
    { key: 'status', content: 'Decision' },
    { key: 'decided', content: 'Decided (UTC)' },
  ],
};

function AppCell(props: { request: AccessRequestJson }) {
  const { request } = props;
  return (
    <div>
      <strong>{request.app.name}</strong>
      <div className="muted">
        {request.vendor.name} · {productLabel(request.product)}, {environmentLabel(request.environment)}
      </div>
      {request.extendsGrant && (
        <div className="request-extends" data-testid="request-extends">
          Extension of the grant ending {request.extendsGrant.endsAt ? formatUtcDateTime(request.extendsGrant.endsAt) : '(end unknown)'}
        </div>
      )}
    </div>
  );
}

function AskedCell(props: { request: AccessRequestJson }) {
  return (
    <div>
      {formatUtcDateTime(props.request.createdAt)}
      <div className="muted">{props.request.requestedBy ?? props.request.vendor.name}</div>
    </div>
  );
}

function target(request: AccessRequestJson, siteUrl: string): DecisionTarget {
  return {
    installationId: request.installationId,
    vendorName: request.vendor.name,
    appName: request.app.name,
    siteUrl,
    requestedBy: request.requestedBy,
    reason: request.reason,
    reasonCode: request.reasonCode,
    ticketReference: request.ticketReference,
    requestedExpiresAt: request.requestedExpiresAt,
    extendsGrantEndsAt: request.extendsGrant?.endsAt ?? null,
  };
}

/** The Admin Hub's Access requests: the pending ones with Approve and Decline, then the decided ones. */
export function AccessRequestsView(props: { requests: AccessRequestJson[]; siteUrl: string; defaultScope: GrantScope | null }) {
  const router = useRouter();
  const { showFlag } = useFlags();
  const [approving, setApproving] = useState<AccessRequestJson | null>(null);
  const [declining, setDeclining] = useState<AccessRequestJson | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = props.requests.filter((r) => r.status === 'pending');
  const decided = props.requests.filter((r) => r.status !== 'pending');

  async function decide(request: AccessRequestJson, path: 'approve' | 'decline', body: object) {
    setBusy(true);
    try {
      await callApi(`/api/v1/access-requests/${request.id}/${path}`, { method: 'POST', body });
      setApproving(null);
      setDeclining(null);
      showFlag({
        appearance: 'success',
        title: path === 'approve' ? 'Access approved' : 'Request declined',
        description:
          path === 'approve'
            ? `${request.vendor.name} can now read ${request.app.name}'s logs for ${props.siteUrl}${request.extendsGrant ? ' for longer' : ''}.`
            : `${request.vendor.name} sees your note in their developer console.`,
        isAutoDismiss: true,
        testId: 'access-decision-flag',
      });
      router.refresh();
    } catch (error) {
      showFlag({
        appearance: 'error',
        title: path === 'approve' ? 'The request was not approved' : 'The request was not declined',
        description: error instanceof Error ? error.message : 'Try again.',
        isAutoDismiss: true,
        testId: 'access-decision-error-flag',
      });
    } finally {
      setBusy(false);
    }
  }

  const pendingRows = pending.map((r) => ({
    key: r.id,
    testId: 'pending-request-row',
    cells: [
      { key: 'app', content: <AppCell request={r} /> },
      { key: 'asked', content: <AskedCell request={r} /> },
      { key: 'reason', content: <RequestReason request={r} /> },
      { key: 'until', content: r.requestedExpiresAt ? formatUtcDateTime(r.requestedExpiresAt) : 'No end date' },
      {
        key: 'actions',
        content: (
          <div className="row-buttons">
            <Button appearance="primary" spacing="compact" onClick={() => setApproving(r)} testId="approve-request">
              Approve
            </Button>
            <Button spacing="compact" onClick={() => setDeclining(r)} testId="decline-request">
              Decline
            </Button>
          </div>
        ),
      },
    ],
  }));

  const decidedRows = decided.map((r) => ({
    key: r.id,
    testId: 'decided-request-row',
    cells: [
      { key: 'app', content: <AppCell request={r} /> },
      { key: 'asked', content: <AskedCell request={r} /> },
      { key: 'reason', content: <RequestReason request={r} /> },
      {
        key: 'status',
        content: (
          <div className="request-state">
            <AccessRequestLozenge status={r.status} />
            {r.decisionNote && <span className="request-note">“{r.decisionNote}”</span>}
          </div>
        ),
      },
      {
        key: 'decided',
        content: r.decidedAt ? (
          <div>
            {formatUtcDateTime(r.decidedAt)}
            {r.decidedBy && <div className="muted">{r.decidedBy}</div>}
          </div>
        ) : (
          '—'
        ),
      },
    ],
  }));

  return (
    <>
      <div className="table-scroll">
        <DynamicTable
          caption={`Waiting for a decision (${pending.length})`}
          head={pendingHead}
          rows={pendingRows}
          testId="pending-requests"
          emptyView={<EmptyState header="No requests waiting" description="When a vendor asks for access to an app's logs, the request appears here." />}
        />
      </div>
      {decided.length > 0 && (
        <div className="table-gap">
          <div className="table-scroll">
            <DynamicTable caption="Decided" head={decidedHead} rows={decidedRows} testId="decided-requests" />
          </div>
        </div>
      )}
      <ApproveAccessRequestModal
        request={approving && target(approving, props.siteUrl)}
        defaultScope={props.defaultScope}
        busy={busy}
        onCancel={() => setApproving(null)}
        onApprove={(expiresAt, scope) => approving && void decide(approving, 'approve', { ...(expiresAt === undefined ? {} : { expiresAt }), scope })}
      />
      <DeclineAccessRequestModal
        request={declining && target(declining, props.siteUrl)}
        busy={busy}
        onCancel={() => setDeclining(null)}
        onDecline={(note) => declining && void decide(declining, 'decline', { note })}
      />
    </>
  );
}
