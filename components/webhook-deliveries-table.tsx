'use client';

import { LinkButton } from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { formatUtcDateTime } from '@/lib/format';
import type { WebhookDeliveryJson } from '@/lib/webhooks/list-webhook-deliveries';
import './webhooks.css';

// An endpoint's delivery log: the page the server read (newest first), with
// links to older deliveries and back to the newest.

const stateAppearance = { delivered: 'success', failed: 'removed', pending: 'inprogress' } as const;
const stateLabel = { delivered: 'Delivered', failed: 'Failed', pending: 'Pending' } as const;

export function WebhookDeliveriesTable(props: { endpointUrl: string; deliveries: WebhookDeliveryJson[]; newestHref: string; olderHref: string | null; isFirstPage: boolean }) {
  return (
    <section className="webhook-log">
      <div className="webhook-table-scroll">
        <table className="webhook-table" data-testid="webhook-deliveries">
          <caption>
            Delivery log of <code>{props.endpointUrl}</code>
          </caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Queued (UTC)</th>
              <th scope="col">State</th>
              <th scope="col">HTTP</th>
              <th scope="col">Attempts</th>
              <th scope="col">Next retry (UTC)</th>
              <th scope="col">Last answer or error</th>
            </tr>
          </thead>
          <tbody>
            {props.deliveries.map((d) => (
              <tr key={d.id} data-testid="webhook-delivery-row">
                <td data-label="Event">
                  <span className="webhook-event">
                    <strong>{d.eventType}</strong>
                    <code className="muted">{d.eventId}</code>
                    {d.siteUrl && <span className="muted">{d.siteUrl}</span>}
                  </span>
                </td>
                <td data-label="Queued (UTC)" className="webhook-nowrap">
                  {formatUtcDateTime(d.createdAt)}
                </td>
                <td data-label="State" data-testid="webhook-delivery-state" data-state={d.state}>
                  <Lozenge appearance={stateAppearance[d.state]}>{stateLabel[d.state]}</Lozenge>
                </td>
                <td data-label="HTTP" data-testid="webhook-delivery-status">
                  {d.lastStatus ?? '–'}
                </td>
                <td data-label="Attempts" data-testid="webhook-delivery-attempts">
                  {d.attempts}
                </td>
                <td data-label="Next retry (UTC)" className="webhook-nowrap">
                  {d.nextAttemptAt && d.state === 'pending' ? formatUtcDateTime(d.nextAttemptAt) : '–'}
                </td>
                <td data-label="Last answer or error" className="webhook-answer">
                  {d.lastError ?? d.responseExcerpt ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {props.deliveries.length === 0 && <p className="webhook-empty">No deliveries yet. Send a test event to see one.</p>}
      </div>
      <nav aria-label="Delivery log pages" className="webhook-pager">
        <LinkButton href={props.newestHref} testId="webhook-deliveries-newest">
          {props.isFirstPage ? 'Refresh' : 'Newest deliveries'}
        </LinkButton>
        {props.olderHref && (
          <LinkButton href={props.olderHref} appearance="primary" testId="webhook-deliveries-older">
            Older deliveries
          </LinkButton>
        )}
      </nav>
    </section>
  );
}
