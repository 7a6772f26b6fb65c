import 'server-only';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { escapeLiteral, type PoolClient } from 'pg';
import { to as copyTo, type CopyToStreamQuery } from 'pg-copy-streams';
import { pgPool } from '@/lib/db/prisma';
import { watchRevocations } from '@/lib/log-access/revocation-watcher';
import { CopyBinaryLines } from '@/lib/logs/copy-binary-lines';
import { countFileLines } from '@/lib/logs/count-file-lines';
import { lineFilterConditions, type LineFilters } from '@/lib/logs/line-filters';
import { pullWebStream } from '@/lib/logs/pull-web-stream';
import { MaskExportAttributes } from '@/lib/logs/mask-export-attributes';

// A slice of logs as a file, produced by PostgreSQL itself (COPY ... TO
// STDOUT) and streamed to the socket with back-pressure: the server holds a
// few chunks at a time whatever the size. NDJSON lines are built in SQL (to_json
// escapes what the writer did not find plain) and sent as binary COPY rows,
// which pass through verbatim and become lines on the way (copy-binary-lines.ts).
// CSV uses PostgreSQL's own RFC 4180 writer, with formula-like cells defused.
// A line's attributes go as their JSON text: a field of each NDJSON line, one
// column of the CSV.

export type ExportFormat = 'ndjson' | 'csv';

/** An installation in the file, with the site and environment its lines are labelled with. */
export type ExportSource = { installationId: string; site: string; environment: string };

export type ExportOptions = {
  sources: ExportSource[];
  from: Date;
  to: Date;
  format: ExportFormat;
  mask: boolean;
  /** Installations whose lines are masked whatever `mask` says: their grant masks personal data for the vendor. */
  maskedInstallationIds?: string[];
  filters?: LineFilters;
};

export type ExportResult = { lines: number; bytes: number; sha256: string; completed: boolean };

const TIMESTAMP = `to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** The level in lower case: a CASE on the enum costs less than lower(level::text) on every line. */
const LEVEL = `CASE level ${['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'].map((l) => `WHEN '${l}' THEN '${l.toLowerCase()}'`).join(' ')} ELSE lower(level::text) END`;

/** A value inlined as a literal: COPY takes no bind parameters. */
function literal(value: unknown): string {
  return Array.isArray(value) ? `ARRAY[${value.map((v) => escapeLiteral(String(v))).join(', ')}]::text[]` : escapeLiteral(String(value));
}

/** `CASE installation_id WHEN … THEN …` for per-line labels; a plain literal for one installation. */
function labelOf(sources: ExportSource[], pick: (s: ExportSource) => string): string {
  if (sources.length === 1) return escapeLiteral(pick(sources[0]!));
  return `CASE installation_id ${sources.map((s) => `WHEN ${escapeLiteral(s.installationId)} THEN ${escapeLiteral(pick(s))}`).join(' ')} END`;
}

/** The same label as a JSON string: computed once for one installation, per line otherwise. */
function jsonLabel(sources: ExportSource[], pick: (s: ExportSource) => string): string {
  return sources.length === 1 ? escapeLiteral(JSON.stringify(pick(sources[0]!))) : `to_json(${labelOf(sources, pick)})::text`;
}

export function exportSql(options: ExportOptions): string {
  if (options.sources.length === 0) throw new Error('exportSql needs at least one installation');
  const masked = options.maskedInstallationIds ?? [];
  const message = options.mask
    ? 'coalesce(message_masked, message)'
    : masked.length
      ? `CASE WHEN installation_id = ANY(${literal(masked)}) THEN coalesce(message_masked, message) ELSE message END`
      : 'message';
  const ids = options.sources.map((s) => s.installationId);
  const where = [
    ids.length === 1 ? `installation_id = ${escapeLiteral(ids[0]!)}` : `installation_id = ANY(${literal(ids)})`,
    `ts >= ${escapeLiteral(options.from.toISOString())}::timestamptz`,
    `ts < ${escapeLiteral(options.to.toISOString())}::timestamptz`,
    ...lineFilterConditions(options.filters ?? {}, literal, 'log_lines'),
  ];
  const slice = `FROM log_lines WHERE ${where.join(' AND ')} ORDER BY ts, id`;
  if (options.format === 'ndjson') {
    // One concat() of the pieces, not a chain of ||, which copies the growing
    // row at every step; by hand, not json_build_object, whose output puts
    // spaces around every colon. Text the writer checked (plain_ids,
    // plain_message) goes between quotes as it is: to_json is most of the cost.
    const json = (column: string) => `coalesce(to_json(${column})::text, 'null')`;
    const id = (column: string) => `CASE WHEN plain_ids THEN coalesce('"' || ${column} || '"', 'null') ELSE ${json(column)} END`;
    const pieces = [
      `'{"timestamp":"'`, TIMESTAMP, `'","level":"'`, LEVEL,
      `'","message":'`, `CASE WHEN plain_message THEN '"' || ${message} || '"' ELSE to_json(${message})::text END`,
      `',"invocationId":'`, id('invocation_id'),
      `',"traceId":'`, id('trace_id'),
      `',"module":'`, id('module'),
      `',"function":'`, id('"function"'),
      `',"appVersion":'`, id('app_version'),
      `',"site":'`, jsonLabel(options.sources, (s) => s.site),
      `',"environment":'`, jsonLabel(options.sources, (s) => s.environment.toLowerCase()),
      `',"attributes":'`, `coalesce(attributes::text, 'null')`,
      `'}'`,
    ];
    // Binary COPY: PostgreSQL sends each line's bytes as they are; exportDecoder adds the newlines.
    return `COPY (SELECT concat(${pieces.join(', ')}) ${slice}) TO STDOUT WITH (FORMAT binary)`;
  }
  const site = labelOf(options.sources, (s) => s.site);
  const environment = labelOf(options.sources, (s) => s.environment.toLowerCase());
  const safe = (column: string, name: string) => `logshare_csv_safe(${column}) AS "${name}"`;
  return `COPY (SELECT ${TIMESTAMP} AS "timestamp", ${LEVEL} AS "level", ${safe(message, 'message')},
      ${safe('invocation_id', 'invocationId')}, ${safe('trace_id', 'traceId')}, ${safe('module', 'module')},
      ${safe('"function"', 'function')}, ${safe('app_version', 'appVersion')}, ${site} AS "site", ${environment} AS "environment",
      ${safe('attributes::text', 'attributes')}
    ${slice}) TO STDOUT WITH (FORMAT csv, HEADER)`;
}

/** What turns the COPY output of exportSql into the file: NDJSON comes as binary COPY rows. */
export function exportDecoder(format: ExportFormat): Transform | null {
  return format === 'ndjson' ? new CopyBinaryLines() : null;
}

/** How long a download may leave its data unread before it is ended and its connection released. */
export const EXPORT_WRITE_TIMEOUT_MS = 30_000;
/**
 * The export's statement runs for as long as the client takes to download
 * (PostgreSQL waits on the socket), so the pool's 30 s would cut off a large
 * file on a slow link. A stalled client is ended by the write timeout; this
 * bounds what one download can hold however steadily it reads.
 */
export const EXPORT_STATEMENT_TIMEOUT_MS = 3_600_000;
/** Bytes queued ahead of the socket: enough to keep it busy, little enough to hold many downloads. */
const QUEUED_BYTES = 256 * 1024;

export type ExportControl = {
  /** Aborting ends the download within moments (the client sees it fail) and records only what was sent. */
  signal?: AbortSignal;
  writeTimeoutMs?: number;
};

/**
 * The file's bytes as a web stream, read from PostgreSQL as the client reads.
 * `onDone` gets the complete lines and the SHA-256 of the bytes handed to the
 * client, however the download ended (finished, cancelled, stalled, aborted
 * or failed). Fails before returning when the export cannot start (an
 * unavailable database, a lock it could not get).
 */
export async function streamLogExport(
  options: ExportOptions,
  onDone: (result: ExportResult) => Promise<void>,
  control: ExportControl = {},
): Promise<ReadableStream<Uint8Array>> {
  const masked = new Set(options.maskedInstallationIds ?? []);
  // The attributes of masked sites are masked on the way (PostgreSQL masks their messages).
  const labels = options.mask ? [] : options.sources.filter((s) => masked.has(s.installationId)).map((s) => `${s.site}|${s.environment.toLowerCase()}`);
  const transform = labels.length ? () => new MaskExportAttributes(options.format, new Set(labels)) : undefined;
  return streamCopyFile({ sql: exportSql(options), format: options.format, transform }, onDone, control);
}

/**
 * Any `COPY … TO STDOUT` as a file, with streamLogExport's back-pressure,
 * timeouts and release of the connection (the audit log's export uses it
 * too): CSV as PostgreSQL writes it, NDJSON from one-column binary COPY rows.
 */
export async function streamCopyFile(
  copy: { sql: string; format: ExportFormat; transform?: () => Transform },
  onDone: (result: ExportResult) => Promise<void>,
  control: ExportControl = {},
): Promise<ReadableStream<Uint8Array>> {
  const client = await pgPool().connect();
  let source: CopyToStreamQuery;
  let file: Readable;
  try {
    // Its own transaction, so the longer statement timeout ends with it.
    await client.query(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${EXPORT_STATEMENT_TIMEOUT_MS}`);
    source = client.query(copyTo(copy.sql));
    // Losing the connection mid-COPY (ours discarded, or the server's) is
    // emitted here, even after the download is over; while it runs, the
    // pipeline or the body's own listener passes the error on.
    source.on('error', () => undefined);
    const decoder = exportDecoder(copy.format);
    const decoded = decoder ? pipeline(source, decoder, () => undefined) : source;
    file = copy.transform ? pipeline(decoded, copy.transform(), () => undefined) : decoded;
    // Wait for the first bytes, so a failure to start is an error answer, not a broken file.
    await once(file, 'readable');
  } catch (error) {
    discardConnection(client, error);
    throw error;
  }

  const hash = createHash('sha256');
  const counter = countFileLines(copy.format);
  let bytes = 0;
  const body = pullWebStream(file, {
    highWaterMark: QUEUED_BYTES,
    writeTimeoutMs: control.writeTimeoutMs ?? EXPORT_WRITE_TIMEOUT_MS,
    signal: control.signal,
    onChunk: (chunk) => {
      hash.update(chunk);
      counter.add(chunk);
      bytes += chunk.length;
    },
    onEnd: (end) => {
      const completed = end.reason === 'complete';
      if (completed) {
        client.query('COMMIT').then(
          () => client.release(),
          (error: unknown) => discardConnection(client, error),
        );
      } else {
        source.destroy();
        discardConnection(client, end.error);
      }
      void onDone({ lines: counter.lines, bytes, sha256: hash.digest('hex'), completed });
    },
  });
  return body;
}

/**
 * streamLogExport for a vendor, who reads only while the sites share: a revoke
 * or a grant's end date mid-file ends the download within moments (whichever
 * server made the change), and `onDone` counts only what was sent.
 */
export async function streamLogExportWhileShared(
  options: ExportOptions,
  onDone: (result: ExportResult) => Promise<void>,
): Promise<ReadableStream<Uint8Array>> {
  const revoked = new AbortController();
  const stopWatching = await watchRevocations(
    options.sources.map((s) => s.installationId),
    (installationId) => revoked.abort(new Error(`installation ${installationId} stopped sharing its logs`)),
  );
  const done = (result: ExportResult) => {
    stopWatching();
    return onDone(result);
  };
  return streamLogExport(options, done, { signal: revoked.signal }).catch((error: unknown) => {
    stopWatching();
    throw error;
  });
}

/**
 * A connection left mid-COPY is closed, not returned to the pool: its socket
 * is destroyed (PostgreSQL, blocked sending to it, then fails and ends the
 * statement, its transaction and its locks at once) and the client released
 * with the error, so the pool drops it.
 */
function discardConnection(client: PoolClient, error: unknown) {
  client.connection.stream.destroy();
  client.release(error instanceof Error ? error : new Error(String(error)));
}

/** logs_<app>_<site>_<from>_<to>.<ext>, with the UTC range in the name. */
export function exportFileName(options: { appName: string; site: string; from: Date; to: Date; format: ExportFormat }): string {
  const slug = options.appName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const stamp = (d: Date) => d.toISOString().replace(/\.000Z$/, 'Z').replace(/:/g, '-');
  return `logs_${slug}_${options.site}_${stamp(options.from)}_${stamp(options.to)}.${options.format}`;
}
