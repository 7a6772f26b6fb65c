'use client';

import DynamicTable from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import type { AuditEntry } from '@/lib/audit/list-site-audit-events';
import { formatUtcDateTime } from '@/lib/format';

const head = {
  cells: [
    { key: 'when', content: 'Date/Time (UTC)' },
    { key: 'who', content: 'Who' },
    { key: 'what', content: 'Action' },
  ],
};

function actionLabel(action: string): string {
  const text = action.toLowerCase().replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function AuditLogTable(props: { events: AuditEntry[] }) {
  const rows = props.events.map((e) => ({
    key: e.id,
    cells: [
      { key: 'when', content: <time dateTime={e.occurredAt}>{formatUtcDateTime(e.occurredAt)}</time> },
      { key: 'who', content: e.actorLabel },
      { key: 'what', content: actionLabel(e.action) },
    ],
  }));
  return (
    <DynamicTable
      caption="Audit events"
      head={head}
      rows={rows}
      testId="audit-log"
      emptyView={<EmptyState header="Nothing recorded yet" description="Grants, revocations, downloads and vendor reads will be listed here." />}
    />
  );
}
