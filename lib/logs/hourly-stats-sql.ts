import { PII_KINDS, piiBit, type PiiKind } from '@/lib/pii/detect-pii';

// The stored statistics format, from one definition each, for every statement
// that writes or reads it (write-log-lines.ts, summarize-logs.ts,
// rebuild-hourly-stats.ts):
// - log_lines.pii_kinds holds piiBit(kind) for each kind a line holds;
// - log_hourly_stats counts the lines holding each kind in one column per
//   PII_KINDS entry, `pii_<kind>` (a new kind needs its column in a migration:
//   hourly-stats-sql.int.test.ts fails until it has one);
// - a line's bytes are the UTF-8 lengths of its text fields.
// No 'server-only' import: the demo seed and the bench run it from tsx scripts.

export type PiiStatColumn = `pii_${PiiKind}`;

export const piiStatColumn = (kind: PiiKind): PiiStatColumn => `pii_${kind}`;

/** log_hourly_stats' count columns, in PII_KINDS order. */
export const PII_STAT_COLUMNS: readonly PiiStatColumn[] = PII_KINDS.map(piiStatColumn);

/** SQL: for grouped log_lines rows, one `count(*) … AS pii_<kind>` per kind, in PII_KINDS order. */
export function countPiiKindsSql(linesAlias?: string): string {
  const bits = linesAlias ? `${linesAlias}.pii_kinds` : 'pii_kinds';
  return PII_KINDS.map((kind) => `count(*) FILTER (WHERE ${bits} & ${piiBit(kind)} <> 0) AS ${piiStatColumn(kind)}`).join(', ');
}

/** The text fields a line's bytes are made of: the input's name and log_lines' column. */
const TEXT_FIELDS = [
  ['message', 'message'],
  ['invocationId', 'invocation_id'],
  ['traceId', 'trace_id'],
  ['module', 'module'],
  ['function', '"function"'],
  ['appVersion', 'app_version'],
] as const;

export type LineText = Record<(typeof TEXT_FIELDS)[number][0], string | null>;

/** A line's bytes as the statistics count them: the UTF-8 length of its text fields. */
export function lineBytes(line: LineText): number {
  let bytes = 0;
  for (const [field] of TEXT_FIELDS) {
    const value = line[field];
    if (value !== null) bytes += Buffer.byteLength(value, 'utf8');
  }
  return bytes;
}

/** SQL: lineBytes of one log_lines row. */
export function lineBytesSql(linesAlias?: string): string {
  return TEXT_FIELDS.map(([, column]) => `coalesce(octet_length(${linesAlias ? `${linesAlias}.` : ''}${column}), 0)`).join(' + ');
}
