'use client';

import Button from '@atlaskit/button/new';
import Select from '@atlaskit/select';
import Toggle from '@atlaskit/toggle';
import { useVirtualizer } from '@tanstack/react-virtual';
import dynamic from 'next/dynamic';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { HighlightedMessage } from '@/components/highlighted-message';
import { LevelLozenge } from '@/components/level-lozenge';
import { LineActions } from '@/components/line-actions';
import { LineFacts, type FactsLine } from '@/components/line-facts';
import { attributeCell, columnsOffered, MAX_COLUMNS, type ExactField } from '@/components/lib/line-columns';
import type { LineGroupOf } from '@/components/line-group';
import { lineKeyAction } from '@/components/lib/line-keys';
import './line-list.css';

// Opened on demand: the modal's code is not part of the page's first load.
const LineContextModal = dynamic(() => import('@/components/line-context').then((m) => m.LineContextModal), { ssr: false });
const LineGroupModal = dynamic(() => import('@/components/line-group').then((m) => m.LineGroupModal), { ssr: false });

/** A line as the console's logs API serves it: labelled with its site, and with its reference. */
export type ListLine = FactsLine & { ref: string; site: string; installationId: string };

/** Fetch the next page while this many lines are still below the last one shown. */
const PREFETCH_LINES = 30;
const ROW_ESTIMATE = 34;

type Props = {
  appId: string;
  lines: ListLine[];
  /** The API holds more lines past the last (a next cursor). */
  hasMore: boolean;
  loadingMore: boolean;
  /** Called when the end of the list comes near; the caller fetches one page at a time. */
  onNearEnd: () => void;
  columns: string[];
  onColumnsChange: (columns: string[]) => void;
  /** Retention, for the range of a line's invocation or trace: all of it. */
  retentionDays: number;
  /** The viewer filtered to one invocation or trace ID. */
  onShowInViewer: (field: ExactField, value: string) => void;
};

type Option = { label: string; value: string };

/**
 * The viewer's lines: Level, Date/Time (UTC), Site, Message and chosen
 * attribute columns, virtualized (only the rows in view are in the page),
 * the next page fetched as the end comes into view. The list takes the
 * keyboard when focused (lib/line-keys.ts); a line's details hold its
 * actions: surrounding lines, its invocation and trace, a link to it.
 */
export function LineList(props: Props) {
  const { lines, columns } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [wrap, setWrap] = useState(false);
  const [contextOf, setContextOf] = useState<string | null>(null);
  const [groupOf, setGroupOf] = useState<LineGroupOf | null>(null);

  // The virtualizer re-renders the list on scroll itself; the compiler's memoizing is not needed here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE,
    getItemKey: (index) => lines[index]?.ref ?? index,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.length > 0 ? items[items.length - 1]!.index : -1;

  const { hasMore, loadingMore, onNearEnd } = props;
  useEffect(() => {
    if (hasMore && !loadingMore && lastShown >= lines.length - PREFETCH_LINES) onNearEnd();
  }, [hasMore, loadingMore, lastShown, lines.length, onNearEnd]);

  const offered = useMemo(() => {
    const found = columnsOffered(lines);
    return [...columns, ...found.filter((c) => !columns.includes(c))].map((c) => ({ label: c, value: c }));
  }, [lines, columns]);

  function select(index: number) {
    setSelected(index);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    // Keys typed into the details' buttons and JSON view are theirs.
    if (event.target !== event.currentTarget) return;
    const action = lineKeyAction(event, selected, lines.length);
    if (!action) return;
    event.preventDefault();
    if (action.kind === 'select') select(action.index);
    else if (action.kind === 'toggle') {
      const ref = lines[action.index]!.ref;
      setOpen((o) => (o === ref ? null : ref));
      select(action.index);
    } else setOpen(null);
  }

  const gridColumns = `var(--line-fixed-columns) minmax(0, 1fr) ${columns.map(() => 'minmax(80px, 160px)').join(' ')} var(--line-details-column)`;
  const activeId = selected !== null && lines[selected] ? rowId(lines[selected].ref) : undefined;

  return (
    <div className="line-list">
      <div className="line-list-tools">
        <div className="line-columns-picker">
          <Select<Option, true>
            isMulti
            inputId="line-columns"
            aria-label="Attribute columns"
            placeholder="Add attribute columns"
            options={offered}
            value={columns.map((c) => ({ label: c, value: c }))}
            isOptionDisabled={() => columns.length >= MAX_COLUMNS}
            onChange={(chosen) => props.onColumnsChange(chosen.map((o) => o.value).slice(0, MAX_COLUMNS))}
            noOptionsMessage={() => 'No attributes in the lines shown'}
            testId="line-columns"
          />
        </div>
        <label className="toggle-label" htmlFor="wrap-lines">
          <Toggle id="wrap-lines" isChecked={wrap} onChange={() => setWrap((w) => !w)} testId="wrap-lines" />
          Wrap long messages
        </label>
      </div>
      <div
        className={`line-grid${wrap ? ' wrap' : ''}`}
        role="grid"
        aria-label="Log lines"
        aria-rowcount={lines.length + 1}
        aria-activedescendant={activeId}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="line-list"
        style={{ ['--line-columns' as string]: gridColumns }}
      >
        <div className="line-head-wrap" role="rowgroup">
          <div className="line-row line-head" role="row">
            <span role="columnheader">Level</span>
            <span role="columnheader">Date/Time (UTC)</span>
            <span role="columnheader">Site</span>
            <span role="columnheader">Message</span>
            {columns.map((c) => (
              <span role="columnheader" key={c} className="line-attr">
                {c.slice('attr.'.length)}
              </span>
            ))}
            <span role="columnheader">
              <span className="visually-hidden">Details</span>
            </span>
          </div>
        </div>
        <div ref={scrollRef} className="line-scroll" role="rowgroup" data-testid="line-scroll">
        <div className="line-rows" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const line = lines[item.index]!;
            const isOpen = open === line.ref;
            return (
              <div
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                className="line-item"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <div
                  id={rowId(line.ref)}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={selected === item.index}
                  className={`line-row${selected === item.index ? ' selected' : ''}`}
                  data-testid="log-line"
                  onClick={() => setSelected(item.index)}
                >
                  <span role="gridcell">
                    <LevelLozenge level={line.level} />
                  </span>
                  <span role="gridcell" className="log-time">
                    <time dateTime={line.timestamp}>{line.timestamp}</time>
                  </span>
                  <span role="gridcell" className="line-site" title={`${line.site} (${line.environment ?? ''})`}>
                    {line.site}
                  </span>
                  <span role="gridcell" className="line-message">
                    <HighlightedMessage message={line.message} hits={line.personalData} />
                  </span>
                  {columns.map((c) => (
                    <span role="gridcell" key={c} className="line-attr" data-testid="line-attr" data-column={c.slice('attr.'.length)}>
                      {attributeCell(line.attributes, c)}
                    </span>
                  ))}
                  <span role="gridcell" className="line-open">
                    <Button
                      appearance="subtle"
                      spacing="compact"
                      aria-expanded={isOpen}
                      onClick={(e) => {
                        e.stopPropagation();
                        setSelected(item.index);
                        setOpen(isOpen ? null : line.ref);
                      }}
                    >
                      Details
                    </Button>
                  </span>
                </div>
                {isOpen && (
                  <div className="line-details log-details" data-testid="line-details">
                    <LineFacts line={line} />
                    <LineActions
                      appId={props.appId}
                      line={line}
                      onShowContext={() => setContextOf(line.ref)}
                      onShowGroup={(field, value) => setGroupOf({ field, value, anchor: line.ref })}
                    />
                  </div>
                )}
              </div>
            );
          })}
        </div>
        {lines.length > 0 && (
          <p className="line-end muted" data-testid="line-end">
            {hasMore ? (loadingMore ? 'Loading more lines…' : 'Scroll for more') : 'The end of the lines in this range.'}
          </p>
        )}
        </div>
      </div>
      {contextOf && <LineContextModal appId={props.appId} lineRef={contextOf} onClose={() => setContextOf(null)} />}
      {groupOf && (
        <LineGroupModal
          appId={props.appId}
          of={groupOf}
          retentionDays={props.retentionDays}
          onOpenInViewer={() => {
            setGroupOf(null);
            props.onShowInViewer(groupOf.field, groupOf.value);
          }}
          onClose={() => setGroupOf(null)}
        />
      )}
    </div>
  );
}

function rowId(ref: string): string {
  return `line-${ref}`;
}
