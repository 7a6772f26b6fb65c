'use client';

import Button from '@atlaskit/button/new';
import Select from '@atlaskit/select';
import dynamic from 'next/dynamic';
import { LogSearchBox, type SearchProblem } from '@/components/log-search-box';
import { RANGE_LABELS, RANGE_PRESETS, type ViewerFilters } from '@/components/lib/viewer-query';
import { addDays, currentTimeZone, localToday } from '@/lib/time/local-days';
import { formatUtcDateTime } from '@/lib/format';

// Only a custom day range shows the date pickers: their code loads when one is chosen (or opened with).
const DatePicker = dynamic(() => import('@atlaskit/datetime-picker').then((m) => m.DatePicker), {
  loading: () => <div className="date-picker-loading" aria-busy="true" />,
});

export type ViewerOptions = { sites: string[]; versions: string[]; retentionDays: number };
type Option = { label: string; value: string };

const RANGES: Option[] = [...Object.entries(RANGE_LABELS).map(([value, label]) => ({ label, value })), { label: 'Custom days', value: 'custom' }];
const CHART_RANGE: Option = { label: 'Chosen on the chart', value: 'absolute' };
const LEVELS: Option[] = ['error', 'warn', 'info', 'debug', 'trace'].map((l) => ({ label: l, value: l }));
const ENVIRONMENTS: Option[] = [
  { label: 'All environments', value: '' },
  ...['production', 'staging', 'development'].map((e) => ({ label: e, value: e })),
];
const options = (values: string[]): Option[] => values.map((v) => ({ label: v, value: v }));
const chosen = (all: Option[], values: string[]) => all.filter((o) => values.includes(o.value));
// A preset longer than retention would only be refused: those lines are gone.
const rangesWithin = (retentionDays: number) =>
  RANGES.filter((o) => !(o.value in RANGE_PRESETS) || RANGE_PRESETS[o.value as keyof typeof RANGE_PRESETS] <= retentionDays * 1440);

export function LogViewerFilters(props: { filters: ViewerFilters; options: ViewerOptions; searchProblem: SearchProblem | null; onChange: (next: ViewerFilters) => void }) {
  const { filters, onChange } = props;
  const today = localToday(currentTimeZone());
  // A range chosen on the volume chart is an option only while it is the one in use.
  const ranges = filters.range === 'absolute' ? [...rangesWithin(props.options.retentionDays), CHART_RANGE] : rangesWithin(props.options.retentionDays);
  const set = (patch: Partial<ViewerFilters>) => onChange({ ...filters, ...patch });

  return (
    <div className="viewer-filters">
      <div className="filter-bar">
        <div style={{ width: 260 }}>
          <Select<Option, true>
            isMulti
            inputId="viewer-site"
            aria-label="Sites"
            placeholder="All sharing sites"
            options={options(props.options.sites)}
            value={chosen(options(props.options.sites), filters.sites)}
            onChange={(v) => set({ sites: v.map((o) => o.value) })}
            testId="viewer-site"
          />
        </div>
        <div style={{ width: 190 }}>
          <Select<Option>
            inputId="viewer-environment"
            aria-label="Environment"
            options={ENVIRONMENTS}
            value={ENVIRONMENTS.find((o) => o.value === (filters.environment ?? '')) ?? ENVIRONMENTS[0]}
            onChange={(o) => set({ environment: o?.value || undefined })}
            testId="viewer-environment"
          />
        </div>
        <div style={{ width: 220 }}>
          <Select<Option, true>
            isMulti
            inputId="viewer-level"
            aria-label="Levels"
            placeholder="All levels"
            options={LEVELS}
            value={chosen(LEVELS, filters.levels)}
            onChange={(v) => set({ levels: v.map((o) => o.value) })}
            testId="viewer-level"
          />
        </div>
        <div style={{ width: 200 }}>
          <Select<Option, true>
            isMulti
            inputId="viewer-version"
            aria-label="App versions"
            placeholder="All versions"
            options={options(props.options.versions)}
            value={chosen(options(props.options.versions), filters.versions)}
            onChange={(v) => set({ versions: v.map((o) => o.value) })}
            testId="viewer-version"
          />
        </div>
      </div>
      <div className="filter-bar">
        <div style={{ width: 190 }}>
          <Select<Option>
            inputId="viewer-range"
            aria-label="Time range"
            options={ranges}
            value={ranges.find((o) => o.value === filters.range)}
            onChange={(o) =>
              o &&
              set(
                o.value === 'custom'
                  ? { range: 'custom', firstDay: filters.firstDay ?? addDays(today, -1), lastDay: filters.lastDay ?? today }
                  : o.value === 'absolute'
                    ? {}
                    : { range: o.value as ViewerFilters['range'], firstDay: undefined, lastDay: undefined, from: undefined, to: undefined },
              )
            }
            testId="viewer-range"
          />
        </div>
        {filters.range === 'absolute' && filters.from && filters.to && (
          <span className="muted" data-testid="viewer-absolute-range">
            {formatUtcDateTime(filters.from)} – {formatUtcDateTime(filters.to)}
          </span>
        )}
        {filters.range === 'custom' && (
          <>
            <div style={{ width: 160 }}>
              <DatePicker
                value={filters.firstDay}
                onChange={(firstDay) => set({ firstDay })}
                minDate={addDays(today, -(props.options.retentionDays - 1))}
                maxDate={today}
                label="First day (your time zone)"
                testId="viewer-first-day"
              />
            </div>
            <div style={{ width: 160 }}>
              <DatePicker value={filters.lastDay} onChange={(lastDay) => set({ lastDay })} maxDate={today} label="Last day (your time zone)" testId="viewer-last-day" />
            </div>
          </>
        )}
        <LogSearchBox key={filters.q ?? ''} value={filters.q} problem={props.searchProblem} onSearch={(q) => set({ q })} />
        {filters.invocationId && (
          <Button appearance="subtle" onClick={() => set({ invocationId: undefined })} testId="clear-invocation">
            Invocation {filters.invocationId.slice(0, 8)}… ✕
          </Button>
        )}
      </div>
    </div>
  );
}
