'use client';

import { LinkButton } from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { formatUtcDateTime } from '@/lib/format';
import type { WebhookDeliveryJson } from '@/lib/webhooks/list-webhook-deliveries';

// An endpoint's delivery log: the page the server read (newest first), with
// links to older deliveries and back to the newest.

const head = {
  cells: [
    { key: 'event', content: 'Event' },
    { key: 'created', content: 'Queued (UTC)' },
    { key: 'state', content: 'State' },
    { key: 'status', content: 'HTTP' },
    { key: 'attempts', content: 'Attempts' },
    { key: 'next', content: 'Next retry (UTC)' },
    { key: 'error', content: 'Last answer or error' },
  ],
};

const stateAppearance = { delivered: 'success', failed: 'removed', pending: 'inprogress' } as const;
const stateLabel = { delivered: 'Delivered', failed: 'Failed', pending: 'Pending' } as const;

export function WebhookDeliveriesTable(props: { deliveries: WebhookDeliveryJson[]; newestHref: string; olderHref: string | null; isFirstPage: boolean }) {
  const rows = props.deliveries.map((d) => ({
    key: d.id,
    testId: 'webhook-delivery-row',
    cells: [
      {
        key: 'event',
        content: (
          <span className="webhook-event">
            <strong data-testid="webhook-delivery-type">{d.eventType}</strong>
            <code className="muted">{d.eventId}</code>
            {d.siteUrl && <span className="muted">{d.siteUrl}</span>}
          </span>
        ),
      },
      { key: 'created', content: formatUtcDateTime(d.createdAt) },
      {
        key: 'state',
        content: (
          <span data-testid="webhook-delivery-state" data-state={d.state}>
            <Lozenge appearance={stateAppearance[d.state]}>{stateLabel[d.state]}</Lozenge>
          </span>
        ),
      },
      { key: 'status', content: <span data-testid="webhook-delivery-status">{d.lastStatus ?? '–'}</span> },
      { key: 'attempts', content: <span data-testid="webhook-delivery-attempts">{d.attempts}</span> },
      { key: 'next', content: d.nextAttemptAt && d.state === 'pending' ? formatUtcDateTime(d.nextAttemptAt) : '–' },
      { key: 'error', content: <span className="webhook-answer">{d.lastError ?? d.responseExcerpt ?? ''}</span> },
    ],
  }));
  return (
    <>
      <div className="table-scroll">
        <DynamicTable caption="Deliveries" head={head} rows={rows} testId="webhook-deliveries" emptyView={<p>No deliveries yet.</p>} />
      </div>
      <nav aria-label="Delivery log pages" className="audit-pager">
        <LinkButton href={props.newestHref} testId="webhook-deliveries-newest">
          {props.isFirstPage ? 'Refresh' : 'Newest deliveries'}
        </LinkButton>
        {props.olderHref && (
          <LinkButton href={props.olderHref} appearance="primary" testId="webhook-deliveries-older">
            Older deliveries
          </LinkButton>
        )}
      </nav>
    </>
  );
}
