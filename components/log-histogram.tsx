const WIDTH = 560;
const HEIGHT = 64;
const MAX_BARS = 56;

/** Lines over the range as a small bar chart; hourly buckets are merged to fit. */
export function LogHistogram(props: { buckets: { start: string; lines: number }[] }) {
  const per = Math.max(1, Math.ceil(props.buckets.length / MAX_BARS));
  const bars: { start: string; lines: number }[] = [];
  for (let i = 0; i < props.buckets.length; i += per) {
    const group = props.buckets.slice(i, i + per);
    bars.push({ start: group[0]!.start, lines: group.reduce((sum, b) => sum + b.lines, 0) });
  }
  const max = Math.max(1, ...bars.map((b) => b.lines));
  const barWidth = WIDTH / Math.max(1, bars.length);
  return (
    <svg
      className="histogram"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      height={HEIGHT}
      role="img"
      aria-label={`Lines over time, ${bars.length} bars of ${per} hour${per > 1 ? 's' : ''}`}
      data-testid="log-histogram"
      preserveAspectRatio="none"
    >
      {bars.map((bar, i) => {
        const height = Math.max(bar.lines > 0 ? 2 : 0, (bar.lines / max) * (HEIGHT - 4));
        return (
          <rect key={bar.start} x={i * barWidth + 1} y={HEIGHT - height} width={Math.max(1, barWidth - 2)} height={height} rx={1}>
            <title>{`${bar.start.slice(0, 16).replace('T', ' ')} UTC: ${bar.lines.toLocaleString('en')} lines`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
