// The Connected apps table's search, filters and sort as URL query parameters
// (`?q=…&product=JIRA&access=not-shared&sort=paid&order=desc`), so a reload,
// a bookmark or a shared link shows the same rows. Pure: used by the browser.

import { z } from 'zod';
import { NO_FILTERS, SORT_COLUMNS, type InstallationFilters, type SortColumn } from '@/lib/installations/filter-installations';

export type SortState = { key: SortColumn; order: 'ASC' | 'DESC' };
export const DEFAULT_SORT: SortState = { key: 'app', order: 'ASC' };

// A hand-edited or stale link must not break the page: what does not parse falls back to the default.
const querySchema = z.object({
  q: z.string().max(200).catch(NO_FILTERS.search),
  product: z.string().regex(/^[A-Z_]{1,64}$/).nullable().catch(null),
  access: z.enum(['shared', 'not-shared', 'not-available']).nullable().catch(null),
  sort: z.enum(SORT_COLUMNS).catch(DEFAULT_SORT.key),
  order: z.enum(['asc', 'desc']).catch('asc'),
});

export function readConnectedAppsQuery(params: URLSearchParams): { filters: InstallationFilters; sort: SortState } {
  const parsed = querySchema.parse({
    q: params.get('q') ?? '',
    product: params.get('product'),
    access: params.get('access'),
    sort: params.get('sort') ?? DEFAULT_SORT.key,
    order: params.get('order') ?? 'asc',
  });
  return {
    filters: { search: parsed.q, product: parsed.product, logAccess: parsed.access },
    sort: { key: parsed.sort, order: parsed.order === 'desc' ? 'DESC' : 'ASC' },
  };
}

/** The query string (with its `?`, or empty) for these filters and sort; defaults are left out. */
export function connectedAppsQuery(filters: InstallationFilters, sort: SortState): string {
  const params = new URLSearchParams();
  if (filters.search !== '') params.set('q', filters.search);
  if (filters.product !== null) params.set('product', filters.product);
  if (filters.logAccess !== null) params.set('access', filters.logAccess);
  if (sort.key !== DEFAULT_SORT.key || sort.order !== DEFAULT_SORT.order) {
    params.set('sort', sort.key);
    params.set('order', sort.order.toLowerCase());
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
