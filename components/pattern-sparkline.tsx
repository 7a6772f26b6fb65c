/** Lines per bucket as small bars; the tallest bucket fills the height. */
export function PatternSparkline(props: { buckets: number[]; bucketMs: number; from: string; width?: number; height?: number }) {
  const { buckets, width = 120, height = 24 } = props;
  const max = Math.max(1, ...buckets);
  const step = width / buckets.length;
  const start = new Date(props.from).getTime();
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Lines over time: ${buckets.join(', ')}`} data-testid="pattern-sparkline">
      {buckets.map((n, i) => {
        const h = n === 0 ? 0 : Math.max(1, (n / max) * height);
        return (
          <rect key={i} x={i * step + 0.5} y={height - h} width={Math.max(1, step - 1)} height={h} fill="var(--ds-background-brand-bold, #0c66e4)">
            <title>{`${n.toLocaleString('en')} from ${new Date(start + i * props.bucketMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`}</title>
          </rect>
        );
      })}
    </svg>
  );
}

const LEVEL_COLORS: Record<string, string> = {
  error: 'var(--ds-background-danger-bold, #c9372c)',
  warn: 'var(--ds-background-warning-bold, #f5cd47)',
  info: 'var(--ds-background-information-bold, #1d7afc)',
  debug: 'var(--ds-background-neutral-bold, #44546f)',
  trace: 'var(--ds-background-neutral, #dcdfe4)',
};
const LEVEL_ORDER = ['error', 'warn', 'info', 'debug', 'trace'];

/** The share of a pattern's lines per level, as one stacked bar. */
export function LevelShareBar(props: { levels: Record<string, number>; width?: number }) {
  const width = props.width ?? 80;
  const levels = LEVEL_ORDER.filter((l) => (props.levels[l] ?? 0) > 0);
  // Each level's bar starts where the shares before it end.
  const parts = levels.map((level, i) => ({ level, share: props.levels[level]!, x: levels.slice(0, i).reduce((sum, l) => sum + props.levels[l]! * width, 0) }));
  const label = parts.map((p) => `${p.level} ${Math.round(p.share * 100)}%`).join(', ');
  return (
    <svg width={width} height={10} viewBox={`0 0 ${width} 10`} role="img" aria-label={label} data-testid="pattern-levels">
      <title>{label}</title>
      {parts.map((p) => (
        <rect key={p.level} x={p.x} y={0} width={p.share * width} height={10} fill={LEVEL_COLORS[p.level]} />
      ))}
    </svg>
  );
}
