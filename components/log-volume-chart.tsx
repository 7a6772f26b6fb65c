'use client';

import { useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { formatUtcDateTime } from '@/lib/format';

// Lines over time as stacked bars per level, in plain SVG: the viewer's
// volume chart, and meant to replace the Admin Hub's download preview
// histogram (log-histogram.tsx) too. Drawn at the container's own width in
// pixels (not scaled), so text stays readable at 390 px and in screenshots.
// Bars sit on a time axis (a bucket cut by the range is drawn narrower, not
// as a dip); times are UTC, as the API serves them.

export type VolumeChartBucket = { start: string; end: string; counts: Record<string, number> };

type Props = {
  buckets: VolumeChartBucket[];
  /** Stacking order, bottom first; each level has its colour class `level-fill-<level>`. */
  levels: readonly string[];
  /** A drag across buckets, a click on one, or Enter on the focused one: the range they cover. Without it the chart only shows. */
  onSelectRange?: (range: { from: string; to: string }) => void;
  /** Dims the bars while newer figures load. */
  isStale?: boolean;
};

const HEIGHT = 180;
const MARGIN = { top: 10, right: 12, bottom: 38, left: 48 };
const MIN_LABEL_GAP = 84;
const MINUTE = 60_000;
const DAY = 86_400_000;
/** Spacings of the time axis' labels, aligned to UTC (a week from the epoch's Thursday is still a fixed grid). */
const LABEL_INTERVALS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10_080].map((m) => m * MINUTE);

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const hourMinute = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

const TOOLTIP_WIDTH = 196;

function tooltipPlace(barLeft: number, barRight: number, width: number): number {
  if (barRight + 8 + TOOLTIP_WIDTH <= width) return barRight + 8;
  return Math.max(0, barLeft - 8 - TOOLTIP_WIDTH);
}

const totalOf = (bucket: VolumeChartBucket) => Object.values(bucket.counts).reduce((sum, n) => sum + n, 0);

/** 0 and up to four round steps (1, 2 or 5 × 10^k) reaching the largest bar. */
function yTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks = [];
  for (let t = 0; t < max + step; t += step) ticks.push(t);
  return ticks;
}

export function LogVolumeChart(props: Props) {
  const { buckets, levels, onSelectRange } = props;
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  const [active, setActive] = useState<number | null>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setWidth(Math.max(240, Math.floor(element.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  if (buckets.length === 0) return null;
  const start = Date.parse(buckets[0]!.start);
  const end = Date.parse(buckets.at(-1)!.end);
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (time: number) => MARGIN.left + ((time - start) / (end - start)) * plotWidth;
  const ticks = yTicks(Math.max(...buckets.map(totalOf)));
  const top = ticks.at(-1)!;
  const y = (n: number) => MARGIN.top + plotHeight - (n / top) * plotHeight;
  const spansDays = end - start > DAY || new Date(start).getUTCDate() !== new Date(end - 1).getUTCDate();

  // Axis labels at round UTC times, as far apart as MIN_LABEL_GAP asks; dates under the times where a day starts.
  const interval = LABEL_INTERVALS.find((i) => (i / (end - start)) * plotWidth >= MIN_LABEL_GAP) ?? LABEL_INTERVALS.at(-1)!;
  const labels: number[] = [];
  for (let t = Math.ceil(start / interval) * interval; t < end; t += interval) labels.push(t);

  function indexAt(clientX: number, element: Element): number {
    const left = element.getBoundingClientRect().left;
    const time = start + ((clientX - left - MARGIN.left) / plotWidth) * (end - start);
    const found = buckets.findIndex((b) => time < Date.parse(b.end));
    return found < 0 ? buckets.length - 1 : Math.max(0, found);
  }

  function select(a: number, b: number) {
    const [first, last] = [Math.min(a, b), Math.max(a, b)];
    onSelectRange?.({ from: buckets[first]!.start, to: buckets[last]!.end });
  }

  function onPointerDown(event: PointerEvent<SVGRectElement>) {
    if (!onSelectRange || event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const i = indexAt(event.clientX, event.currentTarget.ownerSVGElement!);
    setDrag({ from: i, to: i });
    setActive(i);
  }

  function onPointerMove(event: PointerEvent<SVGRectElement>) {
    const i = indexAt(event.clientX, event.currentTarget.ownerSVGElement!);
    setActive(i);
    if (drag) setDrag({ ...drag, to: i });
  }

  function onPointerUp() {
    if (!drag) return;
    setDrag(null);
    select(drag.from, drag.to);
  }

  function onKeyDown(event: KeyboardEvent<SVGSVGElement>) {
    const current = active ?? 0;
    const moves: Record<string, number> = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: buckets.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      setActive(Math.min(buckets.length - 1, Math.max(0, moves[event.key]!)));
    } else if ((event.key === 'Enter' || event.key === ' ') && onSelectRange) {
      event.preventDefault();
      select(current, current);
    } else if (event.key === 'Escape') setActive(null);
  }

  const shown = active !== null ? buckets[active] : null;
  const selection = drag && drag.from !== drag.to ? [Math.min(drag.from, drag.to), Math.max(drag.from, drag.to)] : null;
  const totals = Object.fromEntries(levels.map((level) => [level, buckets.reduce((sum, b) => sum + (b.counts[level] ?? 0), 0)]));
  // Beside the bar it describes (right of it when there is room, else left), so the bar stays in sight.
  const tooltipLeft = shown ? tooltipPlace(x(Date.parse(shown.start)), x(Date.parse(shown.end)), width) : 0;

  return (
    <div className={`volume-chart${props.isStale ? ' is-stale' : ''}`} ref={box} data-testid="volume-chart">
      <svg
        width={width}
        height={HEIGHT}
        role="img"
        tabIndex={0}
        aria-label={`Matching lines over time (UTC), ${buckets.length} bars stacked by level. Arrow keys move between bars${onSelectRange ? ', Enter zooms to one; drag across bars to zoom to them' : ''}.`}
        aria-describedby={shown ? 'volume-chart-tooltip' : undefined}
        onKeyDown={onKeyDown}
        onFocus={() => setActive((a) => a ?? buckets.length - 1)}
        onBlur={() => setActive(null)}
      >
        {ticks.map((t) => (
          <g key={t} className="chart-grid">
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(t)} y2={y(t)} />
            <text x={MARGIN.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
              {compact.format(t)}
            </text>
          </g>
        ))}
        {buckets.map((bucket, i) => {
          const x0 = x(Date.parse(bucket.start));
          const w = Math.max(1, x(Date.parse(bucket.end)) - x0 - (plotWidth / buckets.length > 4 ? 1 : 0));
          let base = 0;
          const dimmed = selection ? i < selection[0]! || i > selection[1]! : active !== null && active !== i;
          return (
            <g key={bucket.start} className={dimmed ? 'chart-bar is-dimmed' : 'chart-bar'} data-testid="volume-bar">
              {levels.map((level) => {
                const n = bucket.counts[level] ?? 0;
                if (!n) return null;
                const rect = <rect key={level} className={`level-fill-${level}`} x={x0} width={w} y={y(base + n)} height={Math.max(1, y(base) - y(base + n))} />;
                base += n;
                return rect;
              })}
            </g>
          );
        })}
        {selection && (
          <rect
            className="chart-selection"
            x={x(Date.parse(buckets[selection[0]!]!.start))}
            width={x(Date.parse(buckets[selection[1]!]!.end)) - x(Date.parse(buckets[selection[0]!]!.start))}
            y={MARGIN.top}
            height={plotHeight}
          />
        )}
        <line className="chart-axis" x1={MARGIN.left} x2={width - MARGIN.right} y1={MARGIN.top + plotHeight} y2={MARGIN.top + plotHeight} />
        {labels.map((time, n) => {
          const daily = interval >= DAY;
          const showDay = !daily && spansDays && (n === 0 || time % DAY === 0);
          return (
            <g key={time} className="chart-label">
              <line x1={x(time)} x2={x(time)} y1={MARGIN.top + plotHeight} y2={MARGIN.top + plotHeight + 4} />
              <text x={x(time)} y={MARGIN.top + plotHeight + 16} textAnchor="middle">
                {daily ? dayMonth.format(time) : hourMinute.format(time)}
              </text>
              {showDay && (
                <text x={x(time)} y={MARGIN.top + plotHeight + 30} textAnchor="middle">
                  {dayMonth.format(time)}
                </text>
              )}
            </g>
          );
        })}
        <text className="chart-unit" x={MARGIN.left - 6} y={MARGIN.top + plotHeight + 16} textAnchor="end">
          UTC
        </text>
        <rect
            className="chart-hit"
            x={MARGIN.left}
            y={MARGIN.top}
            width={plotWidth}
            height={plotHeight}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={() => setDrag(null)}
            onPointerLeave={() => !drag && setActive(null)}
            data-testid="volume-chart-plot"
          />
      </svg>
      {shown && (
        <div className="chart-tooltip" id="volume-chart-tooltip" role="tooltip" style={{ left: tooltipLeft, width: TOOLTIP_WIDTH }} data-testid="volume-tooltip">
          <div className="chart-tooltip-time">
            {formatUtcDateTime(shown.start)} – {formatUtcDateTime(shown.end)}
          </div>
          <ul className="chart-tooltip-levels">
            {levels.map((level) => (
              <li key={level}>
                <span>
                  <span className={`legend-swatch level-fill-${level}`} aria-hidden /> {level}
                </span>
                <span className="chart-tooltip-count">{(shown.counts[level] ?? 0).toLocaleString('en')}</span>
              </li>
            ))}
            <li className="chart-tooltip-total">
              <span>total</span>
              <span className="chart-tooltip-count">{totalOf(shown).toLocaleString('en')}</span>
            </li>
          </ul>
        </div>
      )}
      <ul className="chart-legend" aria-label="Levels">
        {levels.map((level) => (
          <li key={level}>
            <span className={`legend-swatch level-fill-${level}`} aria-hidden /> {level} <span className="muted">{totals[level]!.toLocaleString('en')}</span>
          </li>
        ))}
        {onSelectRange && <li className="muted chart-hint">Drag across bars or click one to zoom</li>}
      </ul>
    </div>
  );
}
