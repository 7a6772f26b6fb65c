'use client';

import DynamicTable from '@atlaskit/dynamic-table';
import { formatUtcDateTime } from '@/lib/format';
import type { UndeliverableEmailJson } from '@/lib/email/list-undeliverable-emails';

const head = {
  cells: [
    { key: 'to', content: 'To' },
    { key: 'subject', content: 'Subject' },
    { key: 'written', content: 'Written (UTC)' },
    { key: 'gaveUp', content: 'Given up (UTC)' },
    { key: 'error', content: 'Last error' },
  ],
};

/** The notifications the outbox gave up on, for the admins they concern. */
export function UndeliverableEmailsTable(props: { emails: UndeliverableEmailJson[] }) {
  const rows = props.emails.map((e) => ({
    key: e.id,
    testId: 'undeliverable-email-row',
    cells: [
      { key: 'to', content: e.to },
      { key: 'subject', content: e.subject },
      { key: 'written', content: formatUtcDateTime(e.createdAt) },
      { key: 'gaveUp', content: `${formatUtcDateTime(e.undeliverableAt)}, after ${e.attempts} attempts` },
      { key: 'error', content: <span className="last-error">{e.lastError ?? '—'}</span> },
    ],
  }));
  return (
    <div className="table-scroll">
      <DynamicTable caption="E-mails that could not be delivered" head={head} rows={rows} testId="undeliverable-emails" />
    </div>
  );
}
