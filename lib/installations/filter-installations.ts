// Client-side filtering and sorting of a site's installations for the Admin
// Hub's Connected apps table. Pure: no database, no 'server-only'.

import { productLabel } from '@/lib/format';
import type { SiteInstallation } from '@/lib/installations/list-site-installations';
import type { LogAccessState } from '@/lib/installations/log-access-state';

export type LogAccessKind = LogAccessState['kind'];

export type InstallationFilters = {
  /** Matches the app name or the vendor name, case-insensitive; blank matches everything. */
  search: string;
  /** A product code (e.g. `JIRA`), or null for all products. */
  product: string | null;
  /** A log access kind, or null for all. */
  logAccess: LogAccessKind | null;
};

export const NO_FILTERS: InstallationFilters = { search: '', product: null, logAccess: null };

/** Log access filter choices, in the order the filter shows them. */
export const LOG_ACCESS_FILTER_OPTIONS: { value: LogAccessKind; label: string }[] = [
  { value: 'shared', label: 'Shared' },
  { value: 'not-shared', label: 'Not shared' },
  { value: 'not-available', label: 'Not available for free apps' },
];

function normalise(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLocaleLowerCase();
}

export function hasActiveFilters(filters: InstallationFilters): boolean {
  return normalise(filters.search) !== '' || filters.product !== null || filters.logAccess !== null;
}

/** The installations that match every filter, in their original order. */
export function filterInstallations(installations: readonly SiteInstallation[], filters: InstallationFilters): SiteInstallation[] {
  const query = normalise(filters.search);
  return installations.filter(
    (i) =>
      (query === '' || normalise(i.appName).includes(query) || normalise(i.vendorName).includes(query)) &&
      (filters.product === null || i.product === filters.product) &&
      (filters.logAccess === null || i.logAccess.kind === filters.logAccess),
  );
}

/** The products installed on the site, once each, ordered by their label. */
export function productsOf(installations: readonly SiteInstallation[]): { value: string; label: string }[] {
  return [...new Set(installations.map((i) => i.product))]
    .map((value) => ({ value, label: productLabel(value) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export const SORT_COLUMNS = ['app', 'product', 'environment', 'installedBy', 'paid', 'access'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

const environmentRank: Record<string, number> = { PRODUCTION: 0, STAGING: 1, DEVELOPMENT: 2 };
const accessRank: Record<LogAccessKind, number> = { shared: 0, 'not-shared': 1, 'not-available': 2 };

/**
 * The key the table sorts a column by (compared with a numeric, accent-sensitive
 * collator). Ties fall back to app name, then environment, so equal cells keep a
 * stable, readable order.
 */
export function sortKeyFor(installation: SiteInstallation, column: SortColumn): string {
  const i = installation;
  const env = String(environmentRank[i.environment] ?? 9);
  const byApp = `${i.appName} \u2016 ${i.vendorName} \u2016 ${env}`;
  switch (column) {
    case 'app':
      return byApp;
    case 'product':
      return `${productLabel(i.product)} \u2016 ${byApp}`;
    case 'environment':
      return `${env} \u2016 ${byApp}`;
    case 'installedBy':
      // Unknown installers sort last.
      return `${i.installedBy === null ? '\uffff' : i.installedBy} \u2016 ${byApp}`;
    case 'paid':
      return `${i.isPaid ? 'Paid' : 'Free'} \u2016 ${byApp}`;
    case 'access':
      return `${accessRank[i.logAccess.kind]} \u2016 ${byApp}`;
  }
}
