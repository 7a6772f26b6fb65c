'use client';

import DynamicTable from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import { auditActionLabel, describeAuditDetails } from '@/lib/audit/describe-audit-event';
import type { AuditEntry } from '@/lib/audit/list-site-audit-events';
import { formatUtcDateTime } from '@/lib/format';

const head = {
  cells: [
    { key: 'when', content: 'Date/Time (UTC)' },
    { key: 'who', content: 'Who' },
    { key: 'what', content: 'Action' },
    { key: 'details', content: 'Details' },
    { key: 'ip', content: 'IP address' },
  ],
};

export function AuditLogTable(props: { events: AuditEntry[]; isFiltered: boolean }) {
  const rows = props.events.map((e) => ({
    key: e.id,
    testId: 'audit-row',
    cells: [
      { key: 'when', content: <time dateTime={e.occurredAt}>{formatUtcDateTime(e.occurredAt)}</time> },
      { key: 'who', content: e.actorLabel },
      { key: 'what', content: auditActionLabel(e.action) },
      { key: 'details', content: describeAuditDetails(e.action, e.details) },
      { key: 'ip', content: e.ipAddress ?? '—' },
    ],
  }));
  return (
    <DynamicTable
      caption="Audit events"
      head={head}
      rows={rows}
      testId="audit-log"
      emptyView={
        props.isFiltered ? (
          <EmptyState header="Nothing matches these filters" description="Choose another app or action." />
        ) : (
          <EmptyState header="Nothing recorded yet" description="Grants, revocations, downloads and vendor reads will be listed here." />
        )
      }
    />
  );
}
