'use client';

import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { LINE_PAGE_SIZE, LineList, type ListLine } from '@/components/line-list';
import { LogViewerFilters, type ViewerOptions } from '@/components/log-viewer-filters';
import { LiveTail } from '@/components/live-tail';
import { ApiCallError, callApi } from '@/components/lib/call-api';
import type { SearchProblem } from '@/components/log-search-box';
import { saveDownload } from '@/components/lib/save-download';
import { apiQueryFor, filtersFromParams, filtersToParams, type ViewerFilters } from '@/components/lib/viewer-query';
import { exactTerm } from '@/components/lib/line-columns';
import { currentTimeZone } from '@/lib/time/local-days';
import { formatUtcDateTime } from '@/lib/format';

type Matched = { count: number; exact: boolean };
type DayRange = { from: string; to: string };
type Page = { lines: ListLine[]; nextCursor: string | null; matched: Matched | null; tookMs: number; unindexed?: DayRange[] };
type State = {
  key: string;
  lines: ListLine[];
  nextCursor: string | null;
  /** What the first page said of the whole search. */
  matched: Matched | null;
  tookMs: number | null;
  /** The parts of the range the search scanned without a search index. */
  unindexed: DayRange[];
  error: string | null;
  /** The server refused the search query: shown under the search box, not as a page error. */
  searchProblem: SearchProblem | null;
  loading: boolean;
};

const EMPTY: Omit<State, 'key' | 'loading'> = { lines: [], nextCursor: null, matched: null, tookMs: null, unindexed: [], error: null, searchProblem: null };

/** The developer console's log viewer: filters in the URL, newest first, lines fetched page by page as the list scrolls. */
export function LogViewer(props: { appId: string; options: ViewerOptions }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const url = searchParams.toString();
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(url)), [url]);
  // The lines depend on every filter but the list's columns: choosing a column fetches nothing.
  const key = useMemo(() => filtersToParams({ ...filters, columns: [] }).toString(), [filters]);
  const timeZone = useMemo(() => currentTimeZone(), []);
  // The range is resolved when the filters change, so the next pages keep the same window.
  const query = useMemo(() => apiQueryFor(filtersFromParams(new URLSearchParams(key)), timeZone), [key, timeZone]);
  const [state, setState] = useState<State>({ ...EMPTY, key: '', loading: true });
  const [tailing, setTailing] = useState(false);
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    let cancelled = false;
    callApi<Page>(`/api/v1/apps/${props.appId}/logs?${query}&limit=${LINE_PAGE_SIZE}`).then(
      (page) => !cancelled && setState({ ...EMPTY, key, lines: page.lines, nextCursor: page.nextCursor, matched: page.matched, tookMs: page.tookMs, unindexed: page.unindexed ?? [], loading: false }),
      (e: unknown) => {
        if (cancelled) return;
        if (e instanceof ApiCallError && e.details?.field === 'q' && filters.q) {
          const problem = { query: filters.q, message: e.message.replace(/^q: /, ''), column: e.details.column, length: e.details.length };
          setState({ ...EMPTY, key, searchProblem: problem, loading: false });
        } else setState({ ...EMPTY, key, error: e instanceof Error ? e.message : 'Could not load logs.', loading: false });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [props.appId, query, key, filters.q]);

  function change(next: ViewerFilters) {
    const params = filtersToParams(next).toString();
    router.replace(params ? `${pathname}?${params}` : pathname, { scroll: false });
  }

  // One page at a time: the list asks again while a page is on its way.
  const fetchingMore = useRef(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const { nextCursor } = state;
  const stale = state.key !== key;
  const loadMore = useCallback(async () => {
    if (!nextCursor || stale || fetchingMore.current) return;
    fetchingMore.current = true;
    setLoadingMore(true);
    try {
      const page = await callApi<Page>(`/api/v1/apps/${props.appId}/logs?${query}&limit=${LINE_PAGE_SIZE}&cursor=${encodeURIComponent(nextCursor)}`);
      setState((s) => (s.key === key ? { ...s, lines: [...s.lines, ...page.lines], nextCursor: page.nextCursor } : s));
    } catch (e) {
      setState((s) => ({ ...s, nextCursor: null, error: e instanceof Error ? e.message : 'Could not load more.' }));
    } finally {
      fetchingMore.current = false;
      setLoadingMore(false);
    }
  }, [nextCursor, stale, props.appId, query, key]);

  /** All lines of one invocation or trace, over every sharing site, in the same time range. */
  function showExact(field: 'invocation' | 'trace', value: string) {
    change({ ...filters, q: exactTerm(field, value), invocationId: undefined, sites: [], environment: undefined, levels: [], versions: [] });
  }

  /** The current view as a file, streamed from the server (the same filters and time window). */
  async function exportView(format: 'ndjson' | 'csv') {
    setExporting(true);
    try {
      await saveDownload(`/api/v1/apps/${props.appId}/logs/export?${query}&format=${format}`, () => undefined);
    } catch (e) {
      setState((s) => ({ ...s, error: e instanceof Error ? e.message : 'The export failed.' }));
    } finally {
      setExporting(false);
    }
  }

  return (
    <div className="log-viewer">
      <LogViewerFilters filters={filters} options={props.options} searchProblem={stale ? null : state.searchProblem} onChange={change} />
      <div className="viewer-actions">
        <span className="muted" data-testid="viewer-count" aria-live="polite">
          {stale || state.loading ? 'Loading…' : describeResult(state)}
        </span>
        <span className="viewer-buttons">
          <Button onClick={() => void exportView('ndjson')} isLoading={exporting} testId="export-ndjson">
            Export NDJSON
          </Button>
          <Button onClick={() => void exportView('csv')} isLoading={exporting} testId="export-csv">
            Export CSV
          </Button>
          <Button appearance={tailing ? 'primary' : 'default'} onClick={() => setTailing((t) => !t)} testId="live-tail-toggle">
            {tailing ? 'Stop live tail' : 'Live tail'}
          </Button>
        </span>
      </div>
      {!stale && !state.loading && state.unindexed.length > 0 && (
        <p className="muted" data-testid="viewer-unindexed">
          Scanned without a search index (not yet indexed, so slower): {state.unindexed.map((r) => `${formatUtcDateTime(r.from)} – ${formatUtcDateTime(r.to)}`).join('; ')}
        </p>
      )}
      {tailing && <LiveTail appId={props.appId} filters={filters} />}
      {state.error && (
        <SectionMessage appearance="error" testId="viewer-error">
          <p>{state.error}</p>
        </SectionMessage>
      )}
      {!stale && !state.error && !state.searchProblem && state.lines.length === 0 && !state.loading && <p data-testid="viewer-empty">No lines match these filters in this time range.</p>}
      {state.lines.length > 0 && (
        <LineList
          // A new search starts at its top, with nothing selected.
          key={state.key}
          appId={props.appId}
          lines={state.lines}
          hasMore={!stale && state.nextCursor !== null}
          loadingMore={loadingMore}
          onNearEnd={() => void loadMore()}
          columns={filters.columns}
          onColumnsChange={(columns) => change({ ...filters, columns })}
          onShowInvocation={(id) => showExact('invocation', id)}
          onShowTrace={(id) => showExact('trace', id)}
        />
      )}
    </div>
  );
}

/** "1,234 matching lines in 42 ms (20 shown)", or "More than 10,000 …" past the server's bound. */
function describeResult(state: State): string {
  if (state.searchProblem) return 'The search could not run.';
  if (state.error) return '';
  const shown = `${state.lines.length.toLocaleString('en')} shown`;
  if (!state.matched) return `${shown}${state.nextCursor ? ' (more available)' : ''}`;
  const { count, exact } = state.matched;
  const lines = exact ? `${count.toLocaleString('en')} matching line${count === 1 ? '' : 's'}` : `More than ${count.toLocaleString('en')} matching lines`;
  return `${lines} in ${(state.tookMs ?? 0).toLocaleString('en')} ms (${shown})`;
}
