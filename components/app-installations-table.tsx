'use client';

import DynamicTable from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import { LogAccessLozenge } from '@/components/log-access-lozenge';
import type { AppInstallation } from '@/lib/console/list-vendor-apps';
import { environmentLabel, formatUtcDate, productLabel } from '@/lib/format';

const head = {
  cells: [
    { key: 'site', content: 'Site', isSortable: true },
    { key: 'product', content: 'Product', isSortable: true },
    { key: 'environment', content: 'Environment', isSortable: true },
    { key: 'version', content: 'Version' },
    { key: 'installed', content: 'Installed', isSortable: true },
    { key: 'access', content: 'Log access', isSortable: true },
  ],
};

export function AppInstallationsTable(props: { installations: AppInstallation[] }) {
  const rows = props.installations.map((i) => ({
    key: i.id,
    testId: 'app-installation-row',
    cells: [
      { key: i.siteUrl, content: i.siteUrl },
      { key: i.product, content: productLabel(i.product) },
      { key: i.environment, content: environmentLabel(i.environment) },
      { key: i.appVersion, content: i.appVersion },
      { key: i.installedAt, content: formatUtcDate(i.installedAt) },
      { key: i.logAccess.kind, content: <LogAccessLozenge state={i.logAccess} /> },
    ],
  }));
  return (
    <DynamicTable
      caption="Installations"
      head={head}
      rows={rows}
      defaultSortKey="site"
      defaultSortOrder="ASC"
      testId="app-installations"
      emptyView={<EmptyState header="Not installed anywhere yet" description="Sites that install this app appear here." />}
    />
  );
}
