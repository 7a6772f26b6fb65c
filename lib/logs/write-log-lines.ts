import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { LogLevel } from '@/lib/generated/prisma/enums';
import { LINES_PER_PAUSE, yieldToEventLoop } from '@/lib/event-loop';
import { lineBytes, PII_STAT_COLUMNS } from '@/lib/logs/hourly-stats-sql';
import { hasPlainIds, isPlainText } from '@/lib/logs/plain-ids';
import { findPii, maskPii, PII_KINDS, piiBit, piiBits } from '@/lib/pii/detect-pii';

// The one writer of log lines (ingest and the demo seed): personal data found
// and masked, plain_ids and plain_message set, the lines COPYed in one
// statement, then the hourly statistics raised by the same amounts and the
// live tail's journal rows (log_line_writes) added in another, all inside the
// caller's transaction.
// No 'server-only' import: the demo seed runs it from tsx scripts too.

export type LogLineInput = {
  installationId: string;
  ts: Date;
  level: LogLevel;
  message: string;
  invocationId: string | null;
  traceId: string | null;
  module: string | null;
  function: string | null;
  appVersion: string | null;
  /** The attributes as JSON text (callers have it already), or null. */
  attributesJson: string | null;
};

const COPY_SQL = `COPY log_lines (installation_id, ts, level, message, invocation_id, trace_id, module, "function", app_version, attributes, pii_kinds, message_masked, plain_ids, plain_message) FROM STDIN`;

// COPY's text format: backslash, newline, carriage return and tab are escaped; \N is NULL.
const NEEDS_COPY_ESCAPE = /[\\\n\r\t]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return NEEDS_COPY_ESCAPE.test(value) ? value.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]!) : value;
}

const plainField = (value: string | null) => (value === null ? '\\N' : value);

type HourStat = { installationId: string; hour: string; level: LogLevel; lines: number; bytes: number; pii: number[] };
/** Lines of one installation whose times fall in one journal window: how a live tail finds them (lib/logs/tail-logs.ts). */
type WriteWindow = { installationId: string; firstTs: number; lastTs: number; lines: number };

const HOUR_MS = 3_600_000;
// A journal row covers at most this much of the lines' time, so a tail reading a
// batch's lines by (installation, ts) scans at most this much of other batches'
// lines, even for a batch that mixes late lines with fresh ones.
const WINDOW_MS = 10_000;

/**
 * Stores the lines and their hourly statistics. Call it inside a transaction
 * on `client`; the lines' days must have partitions (the caller checks).
 */
export async function writeLogLines(client: pg.ClientBase, lines: LogLineInput[]): Promise<void> {
  if (lines.length === 0) return;
  await writePreparedLogLines(client, await prepareLogLines(lines));
}

/**
 * writeLogLines with the CPU work done beforehand, so a caller can prepare
 * the rows before it opens its transaction and holds no locks meanwhile.
 */
export async function writePreparedLogLines(client: pg.ClientBase, prepared: PreparedLogLines): Promise<void> {
  if (prepared.copyBytes.length === 0) return;
  await copyLogLines(client, prepared.copyBytes);
  await addStatsAndJournal(client, prepared.stats, prepared.writes);
}

/** COPYs rows made by prepareLogLines into log_lines. */
export async function copyLogLines(client: pg.ClientBase, copyBytes: Buffer): Promise<void> {
  await pipeline(Readable.from([copyBytes]), client.query(copyFrom(COPY_SQL)));
}

export type PreparedLogLines = { copyBytes: Buffer; stats: HourStat[]; writes: WriteWindow[] };

/**
 * The lines as COPY text rows (UTF-8) with personal data found and plain_ids
 * set, and their hourly statistics. CPU-bound (bench/README.md), so it
 * pauses for other requests' I/O every LINES_PER_PAUSE lines.
 */
export async function prepareLogLines(lines: LogLineInput[]): Promise<PreparedLogLines> {
  const stats = new Map<string, HourStat>();
  const writes = new Map<string, WriteWindow>();
  const rows = copyRows(lines.length);
  for (let index = 0; index < lines.length; index++) {
    if (index > 0 && index % LINES_PER_PAUSE === 0) await yieldToEventLoop();
    const line = lines[index]!;
    const hits = findPii(line.message);
    const bits = piiBits(hits);
    const plain = hasPlainIds([line.invocationId, line.traceId, line.module, line.function, line.appVersion]);
    // Plain identifiers hold nothing COPY escapes.
    const id = plain ? plainField : copyField;
    const masked = hits.length ? copyField(maskPii(line.message, hits)) : '\\N';
    // Text that needs no JSON escaping holds none of the characters COPY escapes either.
    const plainMessage = isPlainText(line.message);
    rows.push(
      `${copyField(line.installationId)}\t${line.ts.toISOString()}\t${line.level}\t${plainMessage ? line.message : copyField(line.message)}\t${id(line.invocationId)}\t${id(line.traceId)}\t${id(line.module)}\t${id(line.function)}\t${id(line.appVersion)}\t${copyField(line.attributesJson)}\t${bits}\t${masked}\t${plain ? 't' : 'f'}\t${plainMessage ? 't' : 'f'}`,
    );

    const hourMs = Math.floor(line.ts.getTime() / HOUR_MS) * HOUR_MS;
    const key = `${line.installationId}|${hourMs}|${line.level}`;
    let stat = stats.get(key);
    if (!stat) stats.set(key, (stat = { installationId: line.installationId, hour: new Date(hourMs).toISOString(), level: line.level, lines: 0, bytes: 0, pii: PII_KINDS.map(() => 0) }));
    stat.lines += 1;
    stat.bytes += lineBytes(line);
    if (bits) PII_KINDS.forEach((kind, i) => { if (bits & piiBit(kind)) stat.pii[i]! += 1; });

    const ms = line.ts.getTime();
    const windowKey = `${line.installationId}|${Math.floor(ms / WINDOW_MS)}`;
    const write = writes.get(windowKey);
    if (!write) writes.set(windowKey, { installationId: line.installationId, firstTs: ms, lastTs: ms, lines: 1 });
    else {
      write.firstTs = Math.min(write.firstTs, ms);
      write.lastTs = Math.max(write.lastTs, ms);
      write.lines += 1;
    }
  }

  return { copyBytes: rows.bytes(), stats: [...stats.values()], writes: [...writes.values()] };
}

/**
 * Rows written as UTF-8 straight into one buffer, each with its newline:
 * joining a batch into one string and encoding that costs more
 * (bench/README.md).
 */
function copyRows(expected: number) {
  let buffer = Buffer.allocUnsafe(Math.max(4096, expected * 512));
  let length = 0;
  return {
    push(row: string) {
      // A UTF-16 code unit is at most 3 bytes of UTF-8; grow first, as write() silently truncates.
      const needed = length + row.length * 3 + 1;
      if (needed > buffer.length) {
        const grown = Buffer.allocUnsafe(Math.max(needed, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      length += buffer.write(row, length, 'utf8');
      buffer[length++] = 0x0a;
    },
    bytes: () => buffer.subarray(0, length),
  };
}

// Statistics rows in key order, so concurrent writers lock shared ones in the same
// order and never deadlock. The journal rows ride in the same statement (one
// round trip); they carry the transaction's id for the tail's snapshot test.
async function addStatsAndJournal(client: pg.ClientBase, stats: HourStat[], writes: WriteWindow[]) {
  stats.sort((a, b) => (a.installationId < b.installationId ? -1 : a.installationId > b.installationId ? 1 : a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : a.level < b.level ? -1 : a.level > b.level ? 1 : 0));
  const column = (pick: (s: HourStat) => unknown) => stats.map(pick);
  await client.query(ADD_STATS_AND_JOURNAL_SQL, [
    column((s) => s.installationId),
    column((s) => s.hour),
    column((s) => s.level),
    column((s) => s.lines),
    column((s) => s.bytes),
    ...PII_KINDS.map((_, i) => column((s) => s.pii[i])),
    writes.map((w) => w.installationId),
    writes.map((w) => new Date(w.firstTs)),
    writes.map((w) => new Date(w.lastTs)),
    writes.map((w) => w.lines),
  ]);
}

// Parameters: $1-$5 the key, lines and bytes, one per PII_STAT_COLUMNS entry, then the journal's four.
const JOURNAL_PARAM = 6 + PII_STAT_COLUMNS.length;
const ADD_STATS_AND_JOURNAL_SQL = `
  WITH journal AS (
    INSERT INTO log_line_writes (xact_id, installation_id, first_ts, last_ts, lines)
    SELECT pg_current_xact_id()::text::bigint, w.*
      FROM unnest($${JOURNAL_PARAM}::text[], $${JOURNAL_PARAM + 1}::timestamptz[], $${JOURNAL_PARAM + 2}::timestamptz[], $${JOURNAL_PARAM + 3}::int[]) AS w)
  INSERT INTO log_hourly_stats AS s (installation_id, hour, level, lines, bytes, ${PII_STAT_COLUMNS.join(', ')})
  SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::"LogLevel"[], $4::int[], $5::bigint[], ${PII_STAT_COLUMNS.map((_, i) => `$${6 + i}::int[]`).join(', ')})
  ON CONFLICT (installation_id, hour, level) DO UPDATE SET
    ${['lines', 'bytes', ...PII_STAT_COLUMNS].map((c) => `${c} = s.${c} + EXCLUDED.${c}`).join(', ')}`;
