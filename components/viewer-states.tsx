'use client';

import { formatUtcDateTime } from '@/lib/format';
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { RANGE_LABELS, RANGE_PRESETS, type RangePreset, type ViewerFilters } from '@/components/lib/viewer-query';
import type { SharingSource } from '@/components/lib/use-sharing-watch';

// What the log viewer says when it has no lines to show: nothing matches
// (why, and what to try), the read failed (retry, and the request ID to
// quote), or a site stopped sharing while the page was open.

/** The read failed: the server's message, a Retry, and the ID the server logged the request under. */
export function ViewerError(props: { message: string; requestId: string | null; onRetry: () => void }) {
  return (
    <SectionMessage
      appearance="error"
      title="The logs could not be loaded"
      testId="viewer-error"
      actions={[
        <Button key="retry" onClick={props.onRetry} testId="viewer-retry">
          Retry
        </Button>,
      ]}
    >
      <p>{props.message}</p>
      {props.requestId && (
        <p className="muted" data-testid="viewer-request-id">
          Request ID <code>{props.requestId}</code>: quote it when you report the problem.
        </p>
      )}
    </SectionMessage>
  );
}

/** No line matches: which filters and range narrowed it, and one click to widen each. */
export function ViewerEmpty(props: { filters: ViewerFilters; retentionDays: number; onChange: (next: ViewerFilters) => void }) {
  const { filters, onChange } = props;
  const wider = widerPreset(filters, props.retentionDays);
  const narrowedBy = narrowingFilters(filters);
  const range =
    filters.range === 'custom'
      ? `from ${filters.firstDay} to ${filters.lastDay} (your time zone)`
      : filters.range === 'absolute'
        ? `from ${formatUtcDateTime(filters.from!)} to ${formatUtcDateTime(filters.to!)}`
        : RANGE_LABELS[filters.range].toLowerCase();
  return (
    <div className="viewer-empty" data-testid="viewer-empty">
      <p>
        <strong>No lines match</strong>
        {filters.q ? (
          <>
            {' '}
            the search <code>{filters.q}</code>
          </>
        ) : null}
        {narrowedBy.length ? ` with ${narrowedBy.join(', ')}` : ''} in the {range}.
      </p>
      <div className="viewer-empty-actions">
        {wider && (
          <Button onClick={() => onChange({ ...filters, range: wider, firstDay: undefined, lastDay: undefined })} testId="empty-widen-range">
            Search the {RANGE_LABELS[wider].toLowerCase()}
          </Button>
        )}
        {filters.q && (
          <Button onClick={() => onChange({ ...filters, q: undefined })} testId="empty-clear-search">
            Clear the search
          </Button>
        )}
        {narrowedBy.length > 0 && (
          <Button onClick={() => onChange({ ...filters, sites: [], environment: undefined, levels: [], versions: [], invocationId: undefined })} testId="empty-clear-filters">
            Clear the filters
          </Button>
        )}
      </div>
      {!wider && !filters.q && narrowedBy.length === 0 && <p className="muted">The sharing sites sent no lines in this time. Sites that do not share are listed above.</p>}
    </div>
  );
}

/** Sites that stopped sharing while the page was open: their lines are gone from the page. */
export function StoppedSharingNotice(props: { stopped: SharingSource[] }) {
  if (props.stopped.length === 0) return null;
  const sites = [...new Set(props.stopped.map((s) => s.site))];
  return (
    <SectionMessage appearance="warning" title={`${sites.join(', ')} stopped sharing ${sites.length === 1 ? 'its' : 'their'} logs`} testId="viewer-stopped-sharing">
      <p>
        An admin of {sites.length === 1 ? 'the site' : 'these sites'} turned log access off, or the access ended, while this page was open.
        {` ${sites.length === 1 ? 'Its' : 'Their'} lines are no longer shown, and new reads leave ${sites.length === 1 ? 'it' : 'them'} out.`}
      </p>
    </SectionMessage>
  );
}

/** The next longer preset still within retention (a custom day range widens to the longest). */
function widerPreset(filters: ViewerFilters, retentionDays: number): RangePreset | null {
  const allowed = (Object.keys(RANGE_PRESETS) as RangePreset[]).filter((p) => RANGE_PRESETS[p] <= retentionDays * 1440);
  if (filters.range === 'custom' || filters.range === 'absolute') return allowed.at(-1) ?? null;
  return allowed.find((p) => RANGE_PRESETS[p] > RANGE_PRESETS[filters.range as RangePreset]) ?? null;
}

function narrowingFilters(filters: ViewerFilters): string[] {
  return [
    filters.levels.length ? `level ${filters.levels.join(' or ')}` : null,
    filters.sites.length ? `site ${filters.sites.join(' or ')}` : null,
    filters.environment ? `environment ${filters.environment}` : null,
    filters.versions.length ? `version ${filters.versions.join(' or ')}` : null,
    filters.invocationId ? `invocation ${filters.invocationId}` : null,
  ].filter((f): f is string => f !== null);
}
