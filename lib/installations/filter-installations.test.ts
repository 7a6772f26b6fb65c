import { describe, expect, it } from 'vitest';
import {
  filterInstallations,
  hasActiveFilters,
  LOG_ACCESS_FILTER_OPTIONS,
  NO_FILTERS,
  productsOf,
  sortKeyFor,
  type SortColumn,
} from '@/lib/installations/filter-installations';
import type { SiteInstallation } from '@/lib/installations/list-site-installations';

function installation(over: Partial<SiteInstallation> & Pick<SiteInstallation, 'id' | 'appName'>): SiteInstallation {
  return {
    appId: `app-${over.id}`,
    vendorName: 'Lumen Software',
    product: 'JIRA',
    environment: 'PRODUCTION',
    appVersion: '1.0.0',
    isPaid: true,
    installedAt: '2026-01-01T00:00:00.000Z',
    installedBy: null,
    logAccess: { kind: 'not-shared' },
    ...over,
  };
}

const timesheet = installation({
  id: 'ts',
  appName: 'Timesheet Pro',
  logAccess: { kind: 'shared', since: '2026-11-01T00:00:00.000Z', until: null, scope: null },
});
const notes = installation({ id: 'qn', appName: 'Quick Notes', isPaid: false, logAccess: { kind: 'not-available' } });
const radar = installation({ id: 'rr', appName: 'Release Radar', vendorName: 'Globex' });
const glossary = installation({ id: 'gl', appName: 'Glossary', vendorName: 'Wordsmith Ltd', product: 'CONFLUENCE', isPaid: false, logAccess: { kind: 'not-available' } });
const sla = installation({
  id: 'sla',
  appName: 'SLA Watch',
  vendorName: 'Globex',
  product: 'JIRA_SERVICE_MANAGEMENT',
  logAccess: { kind: 'shared', since: '2026-11-01T00:00:00.000Z', until: '2026-12-01T00:00:00.000Z', scope: null },
});
const all = [timesheet, notes, radar, glossary, sla];
const ids = (list: SiteInstallation[]) => list.map((i) => i.id);

describe('filterInstallations', () => {
  it('returns everything, in order, when no filter is set', () => {
    expect(ids(filterInstallations(all, NO_FILTERS))).toEqual(['ts', 'qn', 'rr', 'gl', 'sla']);
    expect(hasActiveFilters(NO_FILTERS)).toBe(false);
  });

  it('searches app and vendor names, case-insensitive, ignoring surrounding and repeated spaces', () => {
    expect(ids(filterInstallations(all, { ...NO_FILTERS, search: 'timesheet' }))).toEqual(['ts']);
    expect(ids(filterInstallations(all, { ...NO_FILTERS, search: 'TIMESHEET pro' }))).toEqual(['ts']);
    expect(ids(filterInstallations(all, { ...NO_FILTERS, search: '  quick   notes ' }))).toEqual(['qn']);
    expect(ids(filterInstallations(all, { ...NO_FILTERS, search: 'globex' }))).toEqual(['rr', 'sla']);
    expect(ids(filterInstallations(all, { ...NO_FILTERS, search: 'lumen' }))).toEqual(['ts', 'qn']);
    expect(ids(filterInstallations(all, { ...NO_FILTERS, search: 'nothing like this' }))).toEqual([]);
  });

  it('treats a blank search as no search', () => {
    expect(ids(filterInstallations(all, { ...NO_FILTERS, search: '   ' }))).toHaveLength(5);
    expect(hasActiveFilters({ ...NO_FILTERS, search: '   ' })).toBe(false);
    expect(hasActiveFilters({ ...NO_FILTERS, search: 'x' })).toBe(true);
  });

  it('filters by product', () => {
    expect(ids(filterInstallations(all, { ...NO_FILTERS, product: 'CONFLUENCE' }))).toEqual(['gl']);
    expect(ids(filterInstallations(all, { ...NO_FILTERS, product: 'COMPASS' }))).toEqual([]);
    expect(hasActiveFilters({ ...NO_FILTERS, product: 'JIRA' })).toBe(true);
  });

  it('filters by log access, counting time-boxed grants as shared', () => {
    expect(ids(filterInstallations(all, { ...NO_FILTERS, logAccess: 'shared' }))).toEqual(['ts', 'sla']);
    expect(ids(filterInstallations(all, { ...NO_FILTERS, logAccess: 'not-shared' }))).toEqual(['rr']);
    expect(ids(filterInstallations(all, { ...NO_FILTERS, logAccess: 'not-available' }))).toEqual(['qn', 'gl']);
    expect(hasActiveFilters({ ...NO_FILTERS, logAccess: 'shared' })).toBe(true);
  });

  it('combines filters with AND', () => {
    expect(ids(filterInstallations(all, { search: 'globex', product: 'JIRA', logAccess: null }))).toEqual(['rr']);
    expect(ids(filterInstallations(all, { search: 'globex', product: 'JIRA', logAccess: 'shared' }))).toEqual([]);
    expect(ids(filterInstallations(all, { search: 'o', product: null, logAccess: 'not-available' }))).toEqual(['qn', 'gl']);
  });

  it('handles an empty list and does not modify its input', () => {
    expect(filterInstallations([], { search: 'x', product: 'JIRA', logAccess: 'shared' })).toEqual([]);
    const copy = [...all];
    filterInstallations(all, { ...NO_FILTERS, search: 'timesheet' });
    expect(all).toEqual(copy);
  });
});

describe('filter options', () => {
  it('lists each installed product once, by label', () => {
    expect(productsOf(all)).toEqual([
      { value: 'CONFLUENCE', label: 'Confluence' },
      { value: 'JIRA', label: 'Jira' },
      { value: 'JIRA_SERVICE_MANAGEMENT', label: 'Jira Service Management' },
    ]);
    expect(productsOf([])).toEqual([]);
  });

  it('offers every log access state with the lozenge wording', () => {
    expect(LOG_ACCESS_FILTER_OPTIONS.map((o) => o.label)).toEqual(['Shared', 'Not shared', 'Not available for free apps']);
  });
});

describe('sortKeyFor', () => {
  // The same collator DynamicTable sorts string keys with.
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'accent' });
  const sorted = (list: SiteInstallation[], column: SortColumn) =>
    ids([...list].sort((a, b) => collator.compare(sortKeyFor(a, column), sortKeyFor(b, column))));

  it('sorts apps by name, a shorter name before a longer one that starts with it', () => {
    const notesPro = installation({ id: 'qnp', appName: 'Quick Notes Pro', vendorName: 'Acme Tools' });
    expect(sorted([...all, notesPro], 'app')).toEqual(['gl', 'qn', 'qnp', 'rr', 'sla', 'ts']);
  });

  it('sorts products by label, then app name', () => {
    expect(sorted(all, 'product')).toEqual(['gl', 'qn', 'rr', 'ts', 'sla']);
  });

  it('sorts environments production, staging, development, then app name', () => {
    const dev = installation({ id: 'dev', appName: 'Alpha', environment: 'DEVELOPMENT' });
    const staging = installation({ id: 'stg', appName: 'Zulu', environment: 'STAGING' });
    expect(sorted([dev, staging, timesheet, notes], 'environment')).toEqual(['qn', 'ts', 'stg', 'dev']);
  });

  it('sorts plans free before paid and log access shared, not shared, not available', () => {
    expect(sorted(all, 'paid')).toEqual(['gl', 'qn', 'rr', 'sla', 'ts']);
    expect(sorted(all, 'access')).toEqual(['sla', 'ts', 'rr', 'gl', 'qn']);
  });

  it('keeps the same app in two environments in environment order', () => {
    const staging = installation({ id: 'ts-stg', appName: 'Timesheet Pro', environment: 'STAGING' });
    expect(sorted([staging, timesheet], 'app')).toEqual(['ts', 'ts-stg']);
  });
});
