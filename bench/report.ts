// Printing: figures as they come, and the final table.

export type Row = { measure: string; value: string; target?: string; met?: boolean };

export const say = (line = '') => process.stdout.write(`${line}\n`);

export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
export const ms = (seconds: number) => `${(seconds * 1000).toFixed(seconds < 0.1 ? 1 : 0)} ms`;
export const pct = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;

export function printTable(rows: Row[]) {
  const cells = rows.map((r) => [r.measure, r.value, r.target ?? '-', r.met === undefined ? '-' : r.met ? 'yes' : 'NO']);
  const header = ['measure', 'value', 'target', 'met?'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => `| ${c.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  say(line(header));
  say(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) say(line(c));
}
