import { filtersFromParams, filtersToParams, RANGE_LABELS } from '@/components/lib/viewer-query';
import type { SavedViewStateInput } from '@/lib/validations/saved-views';

// A saved view and the viewer's URL, both ways: saving reads the page's URL,
// opening a view navigates to the URL it makes. Besides the filters of
// viewer-query.ts, the URL may carry attribute columns (`cols`, comma-
// separated), the tab (`tab=patterns`) and a zoomed range of instants
// (`range=absolute` with `from` and `to`, ISO-8601 UTC, as the volume chart sets it).


/** The view the page's URL shows now (the server still checks it: a hand-edited URL may hold anything). */
export function viewOfParams(params: URLSearchParams): SavedViewStateInput {
  const filters = filtersFromParams(params);
  const range: SavedViewStateInput['range'] =
    filters.range === 'absolute' && filters.from && filters.to
      ? { kind: 'absolute', from: filters.from, to: filters.to }
      : filters.range === 'custom' && filters.firstDay && filters.lastDay
        ? { kind: 'days', firstDay: filters.firstDay, lastDay: filters.lastDay }
        : { kind: 'relative', last: filters.range === 'custom' || filters.range === 'absolute' ? '24h' : filters.range };
  return {
    ...(filters.q ? { q: filters.q } : {}),
    range,
    sites: filters.sites,
    ...(filters.environment ? { environment: filters.environment as 'production' | 'staging' | 'development' } : {}),
    levels: filters.levels as SavedViewStateInput['levels'],
    versions: filters.versions,
    ...(filters.invocationId ? { invocationId: filters.invocationId } : {}),
    columns: filters.columns,
    tab: params.get('tab') === 'patterns' ? 'patterns' : 'lines',
  };
}

/** The viewer's URL parameters for a saved view. */
export function paramsOfView(view: SavedViewStateInput): URLSearchParams {
  const { range } = view;
  const params = filtersToParams({
    range: range.kind === 'relative' ? range.last : range.kind === 'days' ? 'custom' : 'absolute',
    firstDay: range.kind === 'days' ? range.firstDay : undefined,
    lastDay: range.kind === 'days' ? range.lastDay : undefined,
    from: range.kind === 'absolute' ? new Date(range.from).toISOString() : undefined,
    to: range.kind === 'absolute' ? new Date(range.to).toISOString() : undefined,
    sites: view.sites ?? [],
    environment: view.environment,
    levels: view.levels ?? [],
    versions: view.versions ?? [],
    q: view.q,
    invocationId: view.invocationId,
    columns: view.columns ?? [],
  });
  if (view.tab === 'patterns') params.set('tab', 'patterns');
  return params;
}

/** "Last 24 hours", "2026-11-20 – 2026-11-22 (your time zone)", or the UTC instants. */
export function describeRange(range: SavedViewStateInput['range']): string {
  if (range.kind === 'relative') return RANGE_LABELS[range.last];
  if (range.kind === 'days') return range.firstDay === range.lastDay ? range.firstDay : `${range.firstDay} – ${range.lastDay}`;
  const utc = (value: string | Date) => new Date(value).toISOString().slice(0, 16).replace('T', ' ');
  return `${utc(range.from)} – ${utc(range.to)} UTC`;
}

/** What a view shows, in a line: "Last 7 days, “timeout”, level error or warn, 1 column, Patterns". */
export function describeView(view: SavedViewStateInput): string {
  const columns = view.columns?.length ?? 0;
  return [
    describeRange(view.range),
    view.q ? `“${view.q}”` : null,
    view.levels?.length ? `level ${view.levels.join(' or ')}` : null,
    view.sites?.length ? `site ${view.sites.join(' or ')}` : null,
    view.environment ? `environment ${view.environment}` : null,
    view.versions?.length ? `version ${view.versions.join(' or ')}` : null,
    view.invocationId ? `invocation ${view.invocationId}` : null,
    columns ? `${columns} column${columns === 1 ? '' : 's'}` : null,
    view.tab === 'patterns' ? 'Patterns' : null,
  ]
    .filter(Boolean)
    .join(', ');
}
