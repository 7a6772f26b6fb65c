import { describe, expect, it } from 'vitest';
import { connectedAppsQuery, DEFAULT_SORT, readConnectedAppsQuery } from '@/lib/installations/connected-apps-url';
import { NO_FILTERS } from '@/lib/installations/filter-installations';

describe('Connected apps URL state', () => {
  it('round-trips search, filters and sort', () => {
    const state = {
      filters: { search: 'lumen & co', product: 'JIRA', logAccess: 'not-shared' as const },
      sort: { key: 'paid' as const, order: 'DESC' as const },
    };
    const query = connectedAppsQuery(state.filters, state.sort);
    expect(query).toBe('?q=lumen+%26+co&product=JIRA&access=not-shared&sort=paid&order=desc');
    expect(readConnectedAppsQuery(new URLSearchParams(query))).toEqual(state);
  });

  it('leaves defaults out of the URL', () => {
    expect(connectedAppsQuery(NO_FILTERS, DEFAULT_SORT)).toBe('');
    expect(readConnectedAppsQuery(new URLSearchParams(''))).toEqual({ filters: NO_FILTERS, sort: DEFAULT_SORT });
  });

  it('falls back to the defaults for values it does not know', () => {
    const read = readConnectedAppsQuery(new URLSearchParams('access=everything&sort=price&order=up&product=jira%20x'));
    expect(read).toEqual({ filters: NO_FILTERS, sort: DEFAULT_SORT });
  });
});
