'use client';

import Button, { LinkButton } from '@atlaskit/button/new';
import { DatePicker } from '@atlaskit/datetime-picker';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useSyncExternalStore, type FormEvent } from 'react';
import { AUDIT_ACTIONS, auditActionLabel } from '@/lib/audit/describe-audit-event';
import { formatUtcDateTime } from '@/lib/format';
import './audit-log.css';
import { currentTimeZone, endOfLocalDay, localToday, startOfLocalDay } from '@/lib/time/local-days';
import { MAX_AUDIT_TEXT } from '@/lib/validations/audit-events';

type Option = { label: string; value: string };
const noSubscription = () => () => undefined;
const FILTER_KEYS = ['from', 'to', 'action', 'app', 'actor', 'q'] as const;

/**
 * The audit log's filters, all in the URL so a view can be shared: days
 * picked in the admin's own time zone become a UTC range [from, to) (shown
 * in UTC beside the pickers), actions, app, actor and free text; and the
 * export of exactly what the filters select.
 */
export function AuditLogFilters(props: { apps: { id: string; name: string }[]; actors: { id: string; label: string }[]; exportBase: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  // The zone is the browser's: unknown while the server renders, so the pickers fill in after hydration.
  const zone = useSyncExternalStore(noSubscription, currentTimeZone, () => null);

  function update(patch: Partial<Record<(typeof FILTER_KEYS)[number], string | undefined>>) {
    const next = new URLSearchParams(params.toString());
    next.delete('cursor'); // other filters, another trail: start at the newest entry again
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    router.push(next.size ? `${pathname}?${next}` : pathname);
  }

  const from = params.get('from');
  const to = params.get('to');
  const firstDay = zone && from && !Number.isNaN(Date.parse(from)) ? localToday(zone, new Date(from)) : '';
  // `to` is the start of the day after the last one.
  const lastDay = zone && to && !Number.isNaN(Date.parse(to)) ? localToday(zone, new Date(Date.parse(to) - 1)) : '';

  function pickFirstDay(day: string) {
    if (!zone) return;
    if (!day) return update({ from: undefined });
    const patch: { from: string; to?: string } = { from: startOfLocalDay(day, zone).toISOString() };
    if (lastDay && lastDay < day) patch.to = endOfLocalDay(day, zone).toISOString();
    update(patch);
  }
  function pickLastDay(day: string) {
    if (!zone) return;
    if (!day) return update({ to: undefined });
    const patch: { to: string; from?: string } = { to: endOfLocalDay(day, zone).toISOString() };
    if (firstDay && firstDay > day) patch.from = startOfLocalDay(day, zone).toISOString();
    update(patch);
  }
  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = new FormData(event.currentTarget).get('q');
    update({ q: typeof text === 'string' ? text.trim() || undefined : undefined });
  }

  const appOptions: Option[] = [{ label: 'All apps', value: '' }, ...props.apps.map((a) => ({ label: a.name, value: a.id }))];
  const actorOptions: Option[] = [{ label: 'Everyone', value: '' }, ...props.actors.map((a) => ({ label: a.label, value: a.id }))];
  const actionOptions: Option[] = AUDIT_ACTIONS.map((a) => ({ label: auditActionLabel(a), value: a }));
  const chosenActions = (params.get('action') ?? '').split(',').filter(Boolean);
  const selected = (options: Option[], key: string) => options.find((o) => o.value === (params.get(key) ?? '')) ?? options[0];
  const filterQuery = new URLSearchParams(FILTER_KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : []))).toString();
  const exportHref = (format: 'csv' | 'ndjson') => `${props.exportBase}?format=${format}${filterQuery ? `&${filterQuery}` : ''}`;

  return (
    <section aria-label="Filters" className="audit-filters">
      <div className="filter-bar">
        <div className="audit-filter-day">
          <label htmlFor="audit-first-day">First day</label>
          <DatePicker id="audit-first-day" value={firstDay} onChange={pickFirstDay} maxDate={lastDay || undefined} testId="audit-first-day" isDisabled={!zone} placeholder="Any day" />
        </div>
        <div className="audit-filter-day">
          <label htmlFor="audit-last-day">Last day</label>
          <DatePicker id="audit-last-day" value={lastDay} onChange={pickLastDay} minDate={firstDay || undefined} testId="audit-last-day" isDisabled={!zone} placeholder="Any day" />
        </div>
        <div className="audit-filter-select">
          <Select<Option, true>
            isMulti
            inputId="audit-filter-action"
            aria-label="Actions"
            placeholder="All actions"
            options={actionOptions}
            value={actionOptions.filter((o) => chosenActions.includes(o.value))}
            onChange={(v) => update({ action: v.map((o) => o.value).join(',') || undefined })}
            testId="audit-filter-action"
          />
        </div>
        <div className="audit-filter-select">
          <Select<Option>
            inputId="audit-filter-app"
            aria-label="App"
            options={appOptions}
            value={selected(appOptions, 'app')}
            onChange={(o) => update({ app: o?.value || undefined })}
            testId="audit-filter-app"
          />
        </div>
        <div className="audit-filter-select">
          <Select<Option>
            inputId="audit-filter-actor"
            aria-label="Actor"
            options={actorOptions}
            value={selected(actorOptions, 'actor')}
            onChange={(o) => update({ actor: o?.value || undefined })}
            testId="audit-filter-actor"
          />
        </div>
        {/* Keyed by the URL's text, so going back and forth in history shows the text of that view. */}
        <form key={params.get('q') ?? ''} onSubmit={search} className="audit-filter-text" role="search">
          <Textfield
            name="q"
            aria-label="Search the audit log"
            placeholder="Search: app, person, IP, reason…"
            defaultValue={params.get('q') ?? ''}
            maxLength={MAX_AUDIT_TEXT}
            testId="audit-filter-text"
          />
          <Button type="submit" testId="audit-filter-search">
            Search
          </Button>
        </form>
      </div>
      <div className="audit-filter-summary">
        <span data-testid="audit-range">
          {from || to
            ? `${from ? formatUtcDateTime(from) : 'the first entry'} to ${to ? formatUtcDateTime(to) : 'now'}${zone && (firstDay || lastDay) ? ` (your days in ${zone})` : ''}`
            : 'All dates'}
        </span>
        {filterQuery && (
          <Button appearance="subtle" onClick={() => router.push(pathname)} testId="audit-clear-filters">
            Clear filters
          </Button>
        )}
        <span className="audit-export">
          <LinkButton href={exportHref('csv')} testId="audit-export-csv">
            Export CSV
          </LinkButton>
          <LinkButton href={exportHref('ndjson')} testId="audit-export-ndjson">
            Export NDJSON
          </LinkButton>
        </span>
      </div>
    </section>
  );
}
