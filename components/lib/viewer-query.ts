import { parseColumns } from '@/components/lib/line-columns';
import { isCalendarDay, localDaysToUtcRange } from '@/lib/time/local-days';

// The console viewer's filters as they live in the page URL (so a view can be
// shared), and how they become an API query at the moment of fetching.

/** Lines the viewer asks for at a time; the server bounds it (MAX_LOG_PAGE). */
export const LINE_PAGE_SIZE = 100;

export const RANGE_PRESETS = { '15m': 15, '1h': 60, '24h': 1440, '7d': 10_080, '30d': 43_200 } as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
export const RANGE_LABELS: Record<RangePreset, string> = { '15m': 'Last 15 minutes', '1h': 'Last hour', '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' };

export type ViewerFilters = {
  /** A preset ending now, whole days in the person's zone (custom), or two instants chosen on the volume chart (absolute). */
  range: RangePreset | 'custom' | 'absolute';
  firstDay?: string;
  lastDay?: string;
  /** The absolute range's instants, ISO-8601 UTC. */
  from?: string;
  to?: string;
  sites: string[];
  environment?: string;
  levels: string[];
  versions: string[];
  q?: string;
  invocationId?: string;
  /** Attribute columns of the line list (`cols`); the page's, not the API's. */
  columns: string[];
};

const list = (value: string | null) => (value ? value.split(',').filter(Boolean) : []);

/** An instant as the URL may carry it: ISO-8601 in UTC with Z, as the chart writes it. */
const isUtcInstant = (value: string | null): value is string => !!value && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value) && Number.isFinite(Date.parse(value));

export function filtersFromParams(params: URLSearchParams): ViewerFilters {
  const range = params.get('range');
  const [firstDay, lastDay] = [params.get('firstDay') ?? undefined, params.get('lastDay') ?? undefined];
  // A shared URL may hold anything: custom days that are not calendar days fall back to the default range.
  const isCustom = range === 'custom' && isCalendarDay(firstDay) && isCalendarDay(lastDay);
  const [from, to] = [params.get('from'), params.get('to')];
  const isAbsolute = range === 'absolute' && isUtcInstant(from) && isUtcInstant(to) && Date.parse(from) < Date.parse(to);
  return {
    // Object.hasOwn, not `in`: ?range=constructor must not find Object.prototype's.
    range: isAbsolute ? 'absolute' : isCustom ? 'custom' : range && Object.hasOwn(RANGE_PRESETS, range) ? (range as RangePreset) : '24h',
    firstDay: isCustom ? firstDay : undefined,
    lastDay: isCustom ? lastDay : undefined,
    from: isAbsolute ? from : undefined,
    to: isAbsolute ? to : undefined,
    sites: list(params.get('site')),
    environment: params.get('environment') ?? undefined,
    levels: list(params.get('level')),
    versions: list(params.get('version')),
    q: params.get('q') ?? undefined,
    invocationId: params.get('invocationId') ?? undefined,
    columns: parseColumns(params.get('cols')),
  };
}

/** What the lines depend on: every filter but the list's columns (choosing a column fetches nothing). */
export function linesKey(filters: ViewerFilters): string {
  return filtersToParams({ ...filters, columns: [] }).toString();
}

/**
 * The view of a page URL as the server can resolve it for the first reads:
 * its lines key and API query, its range ending now. Not for a custom day
 * range, whose days are in the browser's time zone.
 */
export function serverResolvedView(params: URLSearchParams, now: Date): { key: string; apiQuery: string } | null {
  const filters = filtersFromParams(params);
  if (filters.range === 'custom') return null;
  return { key: linesKey(filters), apiQuery: apiQueryFor(filters, 'UTC', now).toString() };
}

export function filtersToParams(filters: ViewerFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.range !== '24h') params.set('range', filters.range);
  if (filters.range === 'custom' && filters.firstDay && filters.lastDay) {
    params.set('firstDay', filters.firstDay);
    params.set('lastDay', filters.lastDay);
  }
  if (filters.range === 'absolute' && filters.from && filters.to) {
    params.set('from', filters.from);
    params.set('to', filters.to);
  }
  if (filters.sites.length) params.set('site', filters.sites.join(','));
  if (filters.environment) params.set('environment', filters.environment);
  if (filters.levels.length) params.set('level', filters.levels.join(','));
  if (filters.versions.length) params.set('version', filters.versions.join(','));
  if (filters.q) params.set('q', filters.q);
  if (filters.invocationId) params.set('invocationId', filters.invocationId);
  if (filters.columns.length) params.set('cols', filters.columns.join(','));
  return params;
}

/** The API query for these filters, with the time range resolved now (presets end now). */
export function apiQueryFor(filters: ViewerFilters, timeZone: string, now = new Date()): URLSearchParams {
  const { from, to } =
    filters.range === 'absolute' && filters.from && filters.to
      ? { from: new Date(filters.from), to: new Date(filters.to) }
      : filters.range === 'custom' && filters.firstDay && filters.lastDay
      ? localDaysToUtcRange(filters.firstDay, filters.lastDay, timeZone)
        : { from: new Date(now.getTime() - RANGE_PRESETS[filters.range === 'custom' || filters.range === 'absolute' ? '24h' : filters.range] * 60_000), to: now };
  const query = filtersToParams({ ...filters, range: '24h', columns: [] });
  query.set('from', from.toISOString());
  query.set('to', to.toISOString());
  return query;
}
