'use client';

import Button from '@atlaskit/button/new';
import dynamic from 'next/dynamic';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { LineList, type ListLine } from '@/components/line-list';
import { LogViewerFilters, type ViewerOptions } from '@/components/log-viewer-filters';
import { ViewerTabs, viewerTabOf, type ViewerTab } from '@/components/viewer-tabs';
import { queryWithPattern } from '@/lib/patterns/pattern-term';
import { ApiCallError, callApi } from '@/components/lib/call-api';
import type { SearchProblem } from '@/components/log-search-box';
import { saveDownload } from '@/components/lib/save-download';
import { apiQueryFor, filtersFromParams, filtersToParams, LINE_PAGE_SIZE, linesKey, type ViewerFilters } from '@/components/lib/viewer-query';
import { answered, type FirstView } from '@/components/lib/first-view';
import { useSharingWatch, type SharingSource } from '@/components/lib/use-sharing-watch';
import { SavedViewsMenu } from '@/components/saved-views-menu';
import { StoppedSharingNotice, ViewerEmpty, ViewerError } from '@/components/viewer-states';
import { exactTerm, type ExactField } from '@/components/lib/line-columns';
import { currentTimeZone } from '@/lib/time/local-days';
import { formatUtcDateTime } from '@/lib/format';
import { ViewerFacets, ViewerVolume } from '@/components/viewer-insights';
import { addTermToQuery } from '@/lib/search/facet-term';

// Loaded when first shown, so that the page's first load carries only what its first view needs.
const LiveTail = dynamic(() => import('@/components/live-tail').then((m) => m.LiveTail), { ssr: false });
const LogPatterns = dynamic(() => import('@/components/log-patterns').then((m) => m.LogPatterns));

type Matched = { count: number; exact: boolean };
type DayRange = { from: string; to: string };
type Page = { lines: ListLine[]; nextCursor: string | null; tookMs: number; unindexed?: DayRange[] };
/** What the count beside the first page found, for the filters (and attempt) it was asked with. */
type Count = { key: string; matched: Matched };
type State = {
  key: string;
  lines: ListLine[];
  nextCursor: string | null;
  tookMs: number | null;
  /** The parts of the range the search scanned without a search index. */
  unindexed: DayRange[];
  error: string | null;
  /** The x-request-id of the read that failed, to quote. */
  errorRequestId: string | null;
  /** The server refused the search query: shown under the search box, not as a page error. */
  searchProblem: SearchProblem | null;
  loading: boolean;
};

const EMPTY: Omit<State, 'key' | 'loading'> = { lines: [], nextCursor: null, tookMs: null, unindexed: [], error: null, errorRequestId: null, searchProblem: null };
const failure = (e: unknown, fallback: string) => ({ error: e instanceof Error ? e.message : fallback, errorRequestId: e instanceof ApiCallError ? e.requestId : null });

/** The developer console's log viewer: filters in the URL, newest first, lines fetched page by page as the list scrolls. */
export function LogViewer(props: { appId: string; options: ViewerOptions; sharedAtOpen: SharingSource[]; firstView?: FirstView }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const url = searchParams.toString();
  const tab = viewerTabOf(searchParams);
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(url)), [url]);
  const key = useMemo(() => linesKey(filters), [filters]);
  // The server's first reads serve the view the page opened with, until the filters change (or a read is retried).
  const [firstView, setFirstView] = useState(props.firstView);
  if (firstView && firstView.key !== key) setFirstView(undefined);
  const first = firstView?.key === key ? firstView : undefined;
  const timeZone = useMemo(() => currentTimeZone(), []);
  // The range is resolved when the filters change, so the next pages keep the same window.
  const query = useMemo(
    () => (first ? new URLSearchParams(first.apiQuery) : apiQueryFor(filtersFromParams(new URLSearchParams(key)), timeZone)),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the first view's query holds only while its key does
    [key, timeZone],
  );
  const apiQuery = query.toString();
  const [state, setState] = useState<State>({ ...EMPTY, key: '', loading: true });
  const [count, setCount] = useState<Count | null>(null);
  const [tailing, setTailing] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const stopped = useSharingWatch(props.appId, props.sharedAtOpen);
  // A site stopped sharing: its lines leave at once (below), and the list and count are read again without it.
  const stoppedKey = stopped.map((s) => s.installationId).join();
  useEffect(() => {
    if (stoppedKey) setAttempt((a) => a + 1);
  }, [stoppedKey]);

  useEffect(() => {
    let cancelled = false;
    if (attempt > 0) setState((s) => ({ ...s, loading: true }));
    const url = `/api/v1/apps/${props.appId}/logs?${query}&limit=${LINE_PAGE_SIZE}`;
    (first && attempt === 0 ? answered<Page>(first.page, url) : callApi<Page>(url)).then(
      (page) => !cancelled && setState({ ...EMPTY, key, lines: page.lines, nextCursor: page.nextCursor, tookMs: page.tookMs, unindexed: page.unindexed ?? [], loading: false }),
      (e: unknown) => {
        if (cancelled) return;
        if (e instanceof ApiCallError && e.details?.field === 'q' && filters.q) {
          const problem = { query: filters.q, message: e.message.replace(/^q: /, ''), column: e.details.column, length: e.details.length };
          setState({ ...EMPTY, key, searchProblem: problem, loading: false });
        } else setState({ ...EMPTY, key, ...failure(e, 'Could not load logs.'), loading: false });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [props.appId, query, key, filters.q, attempt, first]);

  // The count is its own request, so the page never waits for it; a search the server refuses is said by the page.
  useEffect(() => {
    let cancelled = false;
    const url = `/api/v1/apps/${props.appId}/logs/count?${query}`;
    (first && attempt === 0 ? answered<{ matched: Matched }>(first.count, url) : callApi<{ matched: Matched }>(url)).then(
      ({ matched }) => !cancelled && setCount({ key: `${key}#${attempt}`, matched }),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [props.appId, query, key, attempt, first]);

  function change(next: ViewerFilters, nextTab: ViewerTab = tab) {
    const search = filtersToParams(next);
    if (nextTab === 'patterns') search.set('tab', 'patterns');
    const params = search.toString();
    // The browser's own history (which Next.js follows), not a navigation: the page's server render, with its
    // first reads, is for opening the page; after that the viewer reads through the API itself.
    window.history.replaceState(null, '', params ? `${pathname}?${params}` : pathname);
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
      setState((s) => ({ ...s, nextCursor: null, ...failure(e, 'Could not load more.') }));
    } finally {
      fetchingMore.current = false;
      setLoadingMore(false);
    }
  }, [nextCursor, stale, props.appId, query, key]);

  /** All lines of one invocation or trace, over every sharing site, in the same time range. */
  function showExact(field: ExactField, value: string) {
    change({ ...filters, q: exactTerm(field, value), invocationId: undefined, sites: [], environment: undefined, levels: [], versions: [] });
  }

  /** The current view as a file, streamed from the server (the same filters and time window). */
  async function exportView(format: 'ndjson' | 'csv') {
    setExporting(true);
    try {
      await saveDownload(`/api/v1/apps/${props.appId}/logs/export?${query}&format=${format}`, () => undefined);
    } catch (e) {
      setState((s) => ({ ...s, ...failure(e, 'The export failed.') }));
    } finally {
      setExporting(false);
    }
  }

  const busy = stale || state.loading;
  const gone = new Set(stopped.map((s) => s.installationId));
  const lines = gone.size ? state.lines.filter((l) => !gone.has(l.installationId)) : state.lines;
  return (
    <div className="log-viewer">
      <LogViewerFilters filters={filters} options={props.options} searchProblem={stale ? null : state.searchProblem} onChange={change} />
      <div className="viewer-columns">
        <ViewerFacets appId={props.appId} query={apiQuery} first={first?.facets} onAddTerm={(term) => change({ ...filters, q: addTermToQuery(filters.q, term) })} />
        <div className="viewer-main">
          <ViewerVolume appId={props.appId} query={apiQuery} first={first?.volume} onSelectRange={({ from, to }) => change({ ...filters, range: 'absolute', from, to, firstDay: undefined, lastDay: undefined })} />
          <ViewerTabs tab={tab} onChange={(next) => change(filters, next)} />
          {tab === 'patterns' && (
            <LogPatterns
              appId={props.appId}
              apiQuery={apiQuery}
              versions={props.options.versions}
              canFilter={(template) => queryWithPattern(filters.q, template) !== null}
              onFilter={(template) => change({ ...filters, q: queryWithPattern(filters.q, template) ?? filters.q }, 'lines')}
            />
          )}
          <div hidden={tab === 'patterns'}>
      <div className="viewer-actions">
        <span className="muted" data-testid="viewer-count" aria-live="polite">
          {stale || state.loading ? 'Loading…' : describeResult(state, count?.key === `${key}#${attempt}` ? count.matched : null)}
        </span>
        <span className="viewer-buttons">
          <SavedViewsMenu appId={props.appId} />
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
      <StoppedSharingNotice stopped={stopped} />
      {state.error && <ViewerError message={state.error} requestId={state.errorRequestId} onRetry={() => setAttempt((a) => a + 1)} />}
      {/* While a read runs, the old results stay in place but dimmed and marked busy, so they do not pass for the answer. */}
      {/* data-filters: the filters the results shown answer, so a test can tell them from the last search's. */}
      <div className={busy ? 'viewer-results is-loading' : 'viewer-results'} aria-busy={busy} data-filters={state.key} data-testid="viewer-results">
        {!busy && !state.error && !state.searchProblem && lines.length === 0 && (
          <ViewerEmpty filters={filters} retentionDays={props.options.retentionDays} onChange={change} />
        )}
        {lines.length > 0 && (
          <LineList
            // A new search starts at its top, with nothing selected.
            key={state.key}
            appId={props.appId}
            lines={lines}
            hasMore={!stale && state.nextCursor !== null}
            loadingMore={loadingMore}
            onNearEnd={() => void loadMore()}
            columns={filters.columns}
            onColumnsChange={(columns) => change({ ...filters, columns })}
            retentionDays={props.options.retentionDays}
            onShowInViewer={showExact}
          />
        )}
      </div>
    </div>
    </div>
    </div>
    </div>
  );
}

/** "1,234 matching lines in 42 ms (20 shown)", or "More than 10,000 …" past the server's bound. */
function describeResult(state: State, matched: Matched | null): string {
  if (state.searchProblem) return 'The search could not run.';
  if (state.error) return '';
  const shown = `${state.lines.length.toLocaleString('en')} shown`;
  if (!matched) return `${shown}${state.nextCursor ? ' (more available, counting…)' : ''}`;
  const { count, exact } = matched;
  const lines = exact ? `${count.toLocaleString('en')} matching line${count === 1 ? '' : 's'}` : `More than ${count.toLocaleString('en')} matching lines`;
  return `${lines} in ${(state.tookMs ?? 0).toLocaleString('en')} ms (${shown})`;
}
