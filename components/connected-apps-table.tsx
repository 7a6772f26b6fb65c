'use client';

import DynamicTable from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import { LogAccessLozenge, PaidLozenge } from '@/components/log-access-lozenge';
import { environmentLabel, productLabel } from '@/lib/format';
import type { SiteInstallation } from '@/lib/installations/list-site-installations';

const head = {
  cells: [
    { key: 'app', content: 'App', isSortable: true },
    { key: 'product', content: 'Product', isSortable: true },
    { key: 'environment', content: 'Environment', isSortable: true },
    { key: 'version', content: 'Version' },
    { key: 'paid', content: 'Plan', isSortable: true },
    { key: 'access', content: 'Log access', isSortable: true },
  ],
};

export function ConnectedAppsTable(props: { installations: SiteInstallation[]; siteUrl: string }) {
  const rows = props.installations.map((i) => ({
    key: i.id,
    testId: `installation-row`,
    cells: [
      {
        key: i.appName,
        content: (
          <div>
            <strong>{i.appName}</strong>
            <div className="muted">{i.vendorName}</div>
          </div>
        ),
      },
      { key: i.product, content: productLabel(i.product) },
      { key: i.environment, content: environmentLabel(i.environment) },
      { key: i.appVersion, content: i.appVersion },
      { key: i.isPaid ? 'paid' : 'free', content: <PaidLozenge isPaid={i.isPaid} /> },
      { key: i.logAccess.kind, content: <LogAccessLozenge state={i.logAccess} /> },
    ],
  }));
  return (
    <DynamicTable
      caption={`Apps installed on ${props.siteUrl}`}
      head={head}
      rows={rows}
      defaultSortKey="app"
      defaultSortOrder="ASC"
      testId="connected-apps"
      emptyView={<EmptyState header="No apps installed" description="Apps installed on this site appear here." />}
    />
  );
}
