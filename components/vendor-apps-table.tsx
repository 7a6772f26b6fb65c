'use client';

import DynamicTable from '@atlaskit/dynamic-table';
import Link from 'next/link';
import { PaidLozenge } from '@/components/log-access-lozenge';
import type { VendorApp } from '@/lib/console/list-vendor-apps';

const head = {
  cells: [
    { key: 'app', content: 'App', isSortable: true },
    { key: 'vendor', content: 'Vendor' },
    { key: 'plan', content: 'Plan' },
    { key: 'installations', content: 'Installations', isSortable: true },
  ],
};

export function VendorAppsTable(props: { apps: VendorApp[] }) {
  const rows = props.apps.map((a) => ({
    key: a.id,
    testId: 'vendor-app-row',
    cells: [
      { key: a.name, content: <Link href={`/console/apps/${a.id}`}>{a.name}</Link> },
      { key: a.vendorName, content: a.vendorName },
      { key: String(a.isPaid), content: <PaidLozenge isPaid={a.isPaid} /> },
      { key: a.installationCount, content: a.installationCount },
    ],
  }));
  return (
    <div className="table-scroll">
      <DynamicTable caption="Apps" head={head} rows={rows} testId="vendor-apps" />
    </div>
  );
}
