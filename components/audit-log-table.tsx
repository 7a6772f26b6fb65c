'use client';

import Button from '@atlaskit/button/new';
import EmptyState from '@atlaskit/empty-state';
import { Fragment, useState } from 'react';
import { AuditReceipt, hasReceipt } from '@/components/audit-log-receipt';
import { callApi } from '@/components/lib/call-api';
import { auditActionLabel, describeAuditDetails, describeAuditSession } from '@/lib/audit/describe-audit-event';
import type { AuditSession } from '@/lib/audit/list-audit-events';
import { formatUtcDateTime } from '@/lib/format';
import './audit-log.css';

export type AuditRow = {
  id: string;
  occurredAt: string;
  action: string;
  actorLabel: string;
  appName: string | null;
  ipAddress: string | null;
  details: Record<string, unknown>;
  session?: AuditSession | null;
};

type SessionReads = { events: AuditRow[]; nextCursor: string | null };

/**
 * The audit trail as a table that scrolls inside itself on a narrow screen.
 * A vendor's session of page reads is one row, expandable to each read
 * (fetched from the API with the page's filters, so it lists exactly the
 * reads the row counts). Downloads show their receipt.
 */
export function AuditLogTable(props: { events: AuditRow[]; isFiltered: boolean; sessionBase?: string; filterQuery?: string }) {
  if (props.events.length === 0) {
    return props.isFiltered ? (
      <EmptyState header="Nothing matches these filters" description="Choose other days, actions, apps or people, or clear the filters." testId="audit-empty" />
    ) : (
      <EmptyState header="Nothing recorded yet" description="Grants, revocations, downloads and vendor reads will be listed here." testId="audit-empty" />
    );
  }
  return (
    <div className="audit-table-scroll" data-testid="audit-log">
      <table className="audit-table" data-testid="audit-log--table">
        <caption className="visually-hidden">Audit events, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Date/Time (UTC)</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Details</th>
            <th scope="col">IP address</th>
          </tr>
        </thead>
        <tbody>
          {props.events.map((e) => (
            <AuditTableRow key={e.id} event={e} sessionBase={props.sessionBase} filterQuery={props.filterQuery ?? ''} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AuditTableRow(props: { event: AuditRow; sessionBase?: string; filterQuery: string }) {
  const { event } = props;
  const session = event.session && event.session.reads > 1 ? event.session : null;
  const [reads, setReads] = useState<SessionReads | null>(null);
  const [open, setOpen] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function load(cursor?: string) {
    if (!props.sessionBase) return;
    setLoading(true);
    setError(null);
    try {
      const query = new URLSearchParams(props.filterQuery);
      query.set('limit', '200');
      if (cursor) query.set('cursor', cursor);
      const next = await callApi<SessionReads>(`${props.sessionBase}/${event.id}/session?${query}`);
      setReads((current) => ({ events: [...(current?.events ?? []), ...next.events], nextCursor: next.nextCursor }));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load the requests.');
    } finally {
      setLoading(false);
    }
  }
  function toggle() {
    setOpen(!open);
    if (!open && !reads) void load();
  }

  const details = session
    ? [event.appName, describeAuditSession(session, event.occurredAt)].filter(Boolean).join(' · ')
    : describeAuditDetails(event.action, event.details);
  return (
    <Fragment>
      <tr data-testid={session ? 'audit-session-row' : 'audit-row'}>
        <td className="audit-when" data-label="Date/Time (UTC)">
          <time dateTime={event.occurredAt}>{formatUtcDateTime(event.occurredAt)}</time>
        </td>
        <td data-label="Who">{event.actorLabel}</td>
        <td data-label="Action">{auditActionLabel(event.action)}</td>
        <td className="audit-details" data-label="Details">
          <span data-testid="audit-details">{details}</span>
          {session && props.sessionBase && (
            <div>
              <Button appearance="subtle" spacing="compact" onClick={toggle} aria-expanded={open} testId="audit-session-toggle">
                {open ? 'Hide requests' : `Show ${session.reads.toLocaleString('en')} requests`}
              </Button>
            </div>
          )}
          {hasReceipt(event.details) && <AuditReceipt details={event.details} />}
        </td>
        <td data-label="IP address">{event.ipAddress ?? '—'}</td>
      </tr>
      {open && (
        <tr className="audit-session-reads">
          <td colSpan={5}>
            {error && <p role="alert">{error}</p>}
            {reads && (
              <ol data-testid="audit-session-reads">
                {reads.events.map((r) => (
                  <li key={r.id}>
                    <time dateTime={r.occurredAt}>{formatUtcDateTime(r.occurredAt)}</time> · {describeAuditDetails(r.action, r.details)}
                    {r.ipAddress ? ` · ${r.ipAddress}` : ''}
                  </li>
                ))}
              </ol>
            )}
            {(loading || reads?.nextCursor) && (
              <Button spacing="compact" isLoading={loading} onClick={() => void load(reads?.nextCursor ?? undefined)} testId="audit-session-more">
                More requests
              </Button>
            )}
          </td>
        </tr>
      )}
    </Fragment>
  );
}
