'use client';

import DynamicTable from '@atlaskit/dynamic-table';
import { formatUtcDateTime } from '@/lib/format';
import type { GrantHistoryEntry } from '@/lib/log-access/get-log-access';

const head = {
  cells: [
    { key: 'enabled', content: 'Enabled (UTC)' },
    { key: 'by', content: 'By' },
    { key: 'until', content: 'End date' },
    { key: 'ended', content: 'Ended' },
  ],
};

function ended(entry: GrantHistoryEntry): string {
  if (!entry.endedAt) return 'Still shared';
  if (entry.endedBy === 'expired') return `${formatUtcDateTime(entry.endedAt)}, reached its end date`;
  return `${formatUtcDateTime(entry.endedAt)}, disabled${entry.disabledBy ? ` by ${entry.disabledBy}` : ''}`;
}

/** Every grant of log access for one installation, newest first. */
export function GrantHistoryTable(props: { history: GrantHistoryEntry[] }) {
  const rows = props.history.map((entry) => ({
    key: entry.id,
    cells: [
      { key: 'enabled', content: formatUtcDateTime(entry.enabledAt) },
      { key: 'by', content: entry.enabledBy ?? '—' },
      { key: 'until', content: entry.expiresAt ? formatUtcDateTime(entry.expiresAt) : 'None' },
      { key: 'ended', content: ended(entry) },
    ],
  }));
  return (
    <div className="table-scroll">
      <DynamicTable caption="History" head={head} rows={rows} testId="grant-history" />
    </div>
  );
}
