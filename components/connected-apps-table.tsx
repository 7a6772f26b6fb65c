'use client';

import Button, { IconButton } from '@atlaskit/button/new';
import ShowMoreHorizontalIcon from '@atlaskit/icon/core/show-more-horizontal';
import DropdownMenu, { DropdownItem, DropdownItemGroup } from '@atlaskit/dropdown-menu';
import DynamicTable from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import { useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { ConnectedAppsFilters } from '@/components/connected-apps-filters';
import { LogAccessLozenge, PaidLozenge } from '@/components/log-access-lozenge';
import { environmentLabel, productLabel } from '@/lib/format';
import {
  filterInstallations,
  NO_FILTERS,
  productsOf,
  SORT_COLUMNS,
  sortKeyFor,
  type InstallationFilters,
  type SortColumn,
} from '@/lib/installations/filter-installations';
import { connectedAppsQuery, DEFAULT_SORT, readConnectedAppsQuery, type SortState } from '@/lib/installations/connected-apps-url';
import type { SiteInstallation } from '@/lib/installations/list-site-installations';

const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

const head = {
  cells: [
    { key: 'app', content: 'App', isSortable: true },
    { key: 'product', content: 'Product', isSortable: true },
    { key: 'environment', content: 'Environment', isSortable: true },
    { key: 'version', content: 'Version' },
    { key: 'installedBy', content: 'Installed by', isSortable: true },
    { key: 'paid', content: 'Plan', isSortable: true },
    { key: 'access', content: 'Log access', isSortable: true },
    { key: 'actions', content: <span style={visuallyHidden}>Actions</span>, width: 6 },
  ],
};

function RowActions(props: {
  installation: SiteInstallation;
  siteUrl: string;
  onDownloadLogs?: (installation: SiteInstallation) => void;
}) {
  const { installation, onDownloadLogs } = props;
  return (
    // Rendered in a layer over the page, not in the row: the table scrolls inside itself, which would clip the menu.
    <DropdownMenu<HTMLButtonElement>
      placement="bottom-end"
      testId={`row-actions-${installation.id}`}
      menuLabel={`Actions for ${installation.appName}`}
      trigger={({ triggerRef, ...triggerProps }) => (
        <IconButton
          {...triggerProps}
          ref={triggerRef}
          icon={ShowMoreHorizontalIcon}
          label={`More actions for ${installation.appName}`}
          appearance="subtle"
          spacing="compact"
        />
      )}
    >
      <DropdownItemGroup>
        <DropdownItem href={`/admin/${props.siteUrl}/apps/${installation.id}`}>View app details</DropdownItem>
        <DropdownItem
          isDisabled={!installation.isPaid || !onDownloadLogs}
          onClick={() => onDownloadLogs?.(installation)}
          description={installation.isPaid ? undefined : `${installation.appName} is free: logs can be shared and downloaded for paid apps only.`}
        >
          Download logs
        </DropdownItem>
      </DropdownItemGroup>
    </DropdownMenu>
  );
}

export function ConnectedAppsTable(props: {
  installations: SiteInstallation[];
  siteUrl: string;
  /** Opens the download-logs flow for a paid app; without it, "Download logs" is disabled. */
  onDownloadLogs?: (installation: SiteInstallation) => void;
}) {
  const { installations, siteUrl, onDownloadLogs } = props;
  const products = useMemo(() => productsOf(installations), [installations]);
  // The search, filters and sort start from the URL and are written back to it (without a server round trip), so a reload keeps them.
  const searchParams = useSearchParams();
  const [initial] = useState(() => readConnectedAppsQuery(new URLSearchParams(searchParams.toString())));
  const [filters, setFilters] = useState<InstallationFilters>(() => ({
    ...initial.filters,
    product: products.some((p) => p.value === initial.filters.product) ? initial.filters.product : null,
  }));
  const [sort, setSort] = useState<SortState>(initial.sort);
  useEffect(() => {
    const wanted = connectedAppsQuery(filters, sort);
    if (wanted !== window.location.search) window.history.replaceState(null, '', `${window.location.pathname}${wanted}`);
  }, [filters, sort]);
  const shown = useMemo(() => filterInstallations(installations, filters), [installations, filters]);

  const rows = shown.map((i) => ({
    key: i.id,
    testId: 'installation-row',
    cells: [
      {
        key: sortKeyFor(i, 'app'),
        content: (
          <div>
            <strong>{i.appName}</strong>
            <div className="muted">{i.vendorName}</div>
          </div>
        ),
      },
      { key: sortKeyFor(i, 'product'), content: productLabel(i.product) },
      { key: sortKeyFor(i, 'environment'), content: environmentLabel(i.environment) },
      { key: i.appVersion, content: i.appVersion },
      { key: sortKeyFor(i, 'installedBy'), content: i.installedBy ?? <span className="muted">Unknown</span> },
      { key: sortKeyFor(i, 'paid'), content: <PaidLozenge isPaid={i.isPaid} /> },
      { key: sortKeyFor(i, 'access'), content: <LogAccessLozenge state={i.logAccess} /> },
      { key: 'actions', content: <RowActions installation={i} siteUrl={siteUrl} onDownloadLogs={onDownloadLogs} /> },
    ],
  }));

  const emptyView =
    installations.length === 0 ? (
      <EmptyState header="No apps installed" description="Apps installed on this site appear here." testId="connected-apps-empty" />
    ) : (
      <EmptyState
        header="No apps match your filters"
        description="Try another search, or clear the filters to see every app on this site."
        testId="connected-apps-no-match"
        primaryAction={
          <Button onClick={() => setFilters(NO_FILTERS)} testId="empty-clear-filters">
            Clear filters
          </Button>
        }
      />
    );

  return (
    <>
      {installations.length > 0 && (
        <ConnectedAppsFilters
          filters={filters}
          onChange={setFilters}
          products={products}
          shown={shown.length}
          total={installations.length}
        />
      )}
      <div className="table-scroll">
        <DynamicTable
          caption={`Apps installed on ${siteUrl}`}
          head={head}
          rows={rows}
          sortKey={sort.key}
          sortOrder={sort.order}
          onSort={({ key, sortOrder }: { key: string; sortOrder: 'ASC' | 'DESC' }) =>
            setSort({ key: (SORT_COLUMNS as readonly string[]).includes(key) ? (key as SortColumn) : DEFAULT_SORT.key, order: sortOrder })
          }
          testId="connected-apps"
          emptyView={emptyView}
        />
      </div>
    </>
  );
}
