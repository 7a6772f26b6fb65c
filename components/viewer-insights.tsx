'use client';

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { LogFacets, type FacetsAnswer } from '@/components/log-facets';
import { LogVolumeChart, type VolumeChartBucket } from '@/components/log-volume-chart';
import { callApi } from '@/components/lib/call-api';
import { answered } from '@/components/lib/first-view';

// The viewer's chart and facets, each fetched for the view's API query (the
// lines' own filters and range). While a newer view loads, the old figures
// stay, dimmed; a failure says so in place without hiding the lines.

type Loaded<T> = { query: string; data: T | null; error: string | null };

/** `first`: the server's read of the page's first view, while the query is that view's. */
function useViewerInsight<T>(url: string, query: string, first: Promise<unknown> | undefined): { data: T | null; error: string | null; isStale: boolean } {
  const [state, setState] = useState<Loaded<T>>({ query: '', data: null, error: null });
  useEffect(() => {
    const controller = new AbortController();
    const read = first ? answered<T>(first, `${url}?${query}`, controller.signal) : callApi<T>(`${url}?${query}`, { signal: controller.signal });
    read.then(
      (data) => !controller.signal.aborted && setState({ query, data, error: null }),
      (e: unknown) => !controller.signal.aborted && setState((s) => ({ query, data: s.data, error: e instanceof Error ? e.message : 'Could not load.' })),
    );
    return () => controller.abort();
  }, [url, query, first]);
  return { data: state.data, error: state.error, isStale: state.query !== query || state.error !== null };
}

type Volume = { buckets: VolumeChartBucket[]; levels: string[]; bucketSeconds: number };

export function ViewerVolume(props: { appId: string; query: string; first?: Promise<unknown>; onSelectRange: (range: { from: string; to: string }) => void }) {
  const { data, error, isStale } = useViewerInsight<Volume>(`/api/v1/apps/${props.appId}/logs/volume`, props.query, props.first);
  return (
    <section className="viewer-volume" aria-label="Matching lines over time">
      {error && (
        <p className="muted" role="alert" data-testid="volume-error">
          The chart could not load: {error}
        </p>
      )}
      {data ? <LogVolumeChart buckets={data.buckets} levels={data.levels} onSelectRange={props.onSelectRange} isStale={isStale} /> : !error && <div className="volume-placeholder" aria-busy />}
    </section>
  );
}

export function ViewerFacets(props: { appId: string; query: string; first?: Promise<unknown>; onAddTerm: (term: string) => void }) {
  const { data, error, isStale } = useViewerInsight<FacetsAnswer>(`/api/v1/apps/${props.appId}/logs/facets`, props.query, props.first);
  // Beside the lines they are open; on a phone, where they would push the lines down, closed until asked for.
  const details = useRef<HTMLDetailsElement>(null);
  useLayoutEffect(() => {
    if (details.current && window.matchMedia('(max-width: 720px)').matches) details.current.open = false;
  }, []);
  return (
    <details className="viewer-facets" ref={details} open>
      <summary>Fields</summary>
      {error && (
        <p className="muted" role="alert" data-testid="facets-error">
          The fields could not load: {error}
        </p>
      )}
      {data ? <LogFacets facets={data} onAddTerm={props.onAddTerm} isStale={isStale} /> : !error && <p className="muted">Loading…</p>}
    </details>
  );
}
