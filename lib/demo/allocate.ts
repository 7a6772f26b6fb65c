/**
 * Splits `total` in proportion to `weights` by the largest remainder, giving
 * each at least one when there are enough to go round. Used to spread demo
 * and benchmark log lines over installations.
 */
export function allocate(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const floor = total >= weights.length ? 1 : 0;
  const rest = total - floor * weights.length;
  const exact = weights.map((w) => (w / sum) * rest);
  const counts = exact.map((e) => floor + Math.floor(e));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}
