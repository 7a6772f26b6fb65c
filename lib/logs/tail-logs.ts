import 'server-only';
import { createHash } from 'node:crypto';
import { pgPool } from '@/lib/db/prisma';
import { logLineJson, logLineSelect, type LogLineJson, type LogLineRow } from '@/lib/logs/log-line-json';
import { lineFilterConditions, type LineFilters } from '@/lib/logs/line-filters';

// "Lines stored since my last look", for a live tail, in ingest order.
//
// Not by event time: a line's ts is what the app says, and apps send late and
// out-of-order lines (retries, buffers, backfills), so a `ts > last` cursor
// skips them, and a look-back window big enough to catch them has to scan all
// of it on every look (the old tail scanned a minute of every site twice a
// second, fell behind under a modest ingest rate and then lost what slid out of the
// minute). Not by line id either: ids come from one sequence when a row is
// written, but concurrent batches commit in any order, so an `id > last`
// cursor skips a batch that commits after a later one; and log_lines has no
// index on id alone (each extra index slows ingest).
//
// So the writer journals each write (lib/logs/write-log-lines.ts): one row in
// log_line_writes per transaction, installation and 10-second window of the
// lines' times, with that time range and the transaction's id. A tail's
// position is a PostgreSQL snapshot: the new writes are the journal rows
// whose transaction was not visible in the last look's snapshot and is now
// committed (the statement's own snapshot), whatever order they committed in
// and whatever times their lines carry. Their lines are then read by the
// primary key (installation, ts range) and picked by xmin, the writing
// (sub)transaction, which the journal row shares: the writer adds it right
// after the COPY, in the same transaction. Each line is found exactly once.

/** Where a tail stands: the snapshot of its last look (pg_snapshot as text). */
export type TailPosition = string;

/** One journal row: lines of one installation written by one transaction. */
export type LogWrite = {
  /** The writing transaction (64-bit): writes of one transaction are read together, their lines in id order. */
  xactId: string;
  installationId: string;
  firstTs: Date;
  lastTs: Date;
  /** Lines written, before any filter. */
  lines: number;
  /** The writing transaction as log_lines.xmin shows it. */
  rowXmin: string;
  /** Set while a transaction's lines are read in pages: the last id delivered. */
  afterId: string;
  /** How long before the look the write's transaction started (database clock), so a tail can tell how far behind it is. */
  ageMs: number;
};

export type TailLine = LogLineJson & { installationId: string };

/** The position "now": a tail started here gets every line committed afterwards. */
export async function currentTailPosition(): Promise<TailPosition> {
  const { rows } = await pgPool().query<{ snapshot: string }>('SELECT pg_current_snapshot()::text AS snapshot');
  return rows[0]!.snapshot;
}

type WriteRow = { snapshot: string; xact_id: string; installation_id: string | null; first_ts: Date; last_ts: Date; lines: number; row_xmin: string; age_ms: number };

/**
 * The writes of these installations committed since `position`, in the order
 * their transactions started, and the position after them. One statement, so
 * pg_current_snapshot() is the snapshot the journal was read with.
 */
export async function findLogWritesSince(installationIds: string[], position: TailPosition): Promise<{ writes: LogWrite[]; position: TailPosition }> {
  const { rows } = await pgPool().query<WriteRow>({
    name: 'tail-find-writes',
    text: `SELECT pg_current_snapshot()::text AS snapshot, w.xact_id::text, w.installation_id, w.first_ts, w.last_ts, w.lines, w.xmin::text AS row_xmin,
                  (extract(epoch FROM clock_timestamp() - w.written_at) * 1000)::float8 AS age_ms
             FROM (SELECT 1) AS look
             LEFT JOIN log_line_writes w
               ON w.installation_id = ANY($1::text[])
              AND w.xact_id >= pg_snapshot_xmin($2::pg_snapshot)::text::bigint
              AND NOT pg_visible_in_snapshot(w.xact_id::text::xid8, $2::pg_snapshot)
            ORDER BY w.xact_id, w.id`,
    values: [installationIds, position],
  });
  const writes = rows
    .filter((r) => r.installation_id !== null)
    .map((r) => ({
      xactId: r.xact_id,
      installationId: r.installation_id!,
      firstTs: r.first_ts,
      lastTs: r.last_ts,
      lines: r.lines,
      rowXmin: r.row_xmin,
      afterId: '0',
      ageMs: r.age_ms,
    }));
  return { writes, position: rows[0]!.snapshot };
}

/**
 * A statement prepared once per connection and text. Planning a look over
 * every day's partition costs tens of milliseconds, several times a second
 * per tail; a prepared statement is planned once (runtime pruning then skips
 * the partitions the writes do not touch).
 */
function prepared(text: string, values: unknown[]) {
  return { name: `tail-${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text, values };
}

/** "The lines of these writes that pass the filters" as FROM items: `w` the writes, `l` the lines. */
function linesOfWrites(writes: LogWrite[], filters: LineFilters, perWriteLimit: number | null) {
  const params: unknown[] = [
    writes.map((w) => w.xactId),
    writes.map((w) => w.installationId),
    writes.map((w) => w.firstTs),
    writes.map((w) => w.lastTs),
    writes.map((w) => w.rowXmin),
    writes.map((w) => w.afterId),
  ];
  const add = (value: unknown) => `$${params.push(value)}`;
  const where = [
    'l.installation_id = w.installation_id',
    'l.ts BETWEEN w.first_ts AND w.last_ts',
    'l.xmin = w.row_xmin::xid',
    'l.id > w.after_id',
    ...lineFilterConditions(filters, add),
  ];
  const limit = perWriteLimit === null ? '' : add(perWriteLimit);
  const from = `unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::bigint[]) AS w(xact_id, installation_id, first_ts, last_ts, row_xmin, after_id)
    CROSS JOIN LATERAL (SELECT l.* FROM log_lines l WHERE ${where.join(' AND ')} ${limit && `ORDER BY l.id LIMIT ${limit}`}) AS l`;
  return { from, params, limit };
}

/**
 * The first `limit` lines of the writes, transaction by transaction, each
 * transaction's lines in id (arrival) order. When `limit` came back, read
 * the rest of the last line's transaction with `afterId` set to its id.
 */
export async function readLinesOfWrites(writes: LogWrite[], filters: LineFilters, limit: number): Promise<(TailLine & { xactId: string })[]> {
  if (writes.length === 0) return [];
  const { from, params, limit: limitParam } = linesOfWrites(writes, filters, limit);
  const { rows } = await pgPool().query<LogLineRow & { installation_id: string; xact_id: string }>(
    prepared(`SELECT ${logLineSelect('l')}, l.installation_id, w.xact_id::text FROM ${from} ORDER BY w.xact_id, l.id LIMIT ${limitParam}`, params),
  );
  return rows.map((row) => ({ ...logLineJson(row), installationId: row.installation_id, xactId: row.xact_id }));
}

/** How many lines of the writes pass the filters, per installation: what a tail that skips them says it skipped. */
export async function countLinesOfWrites(writes: LogWrite[], filters: LineFilters): Promise<Map<string, number>> {
  if (writes.length === 0) return new Map();
  const { from, params } = linesOfWrites(writes, filters, null);
  const { rows } = await pgPool().query<{ installation_id: string; lines: number }>(prepared(`SELECT l.installation_id, count(*)::int AS lines FROM ${from} GROUP BY l.installation_id`, params));
  return new Map(rows.map((r) => [r.installation_id, r.lines]));
}

/** Forgets journal rows older than ten minutes: a tail reads them within seconds, or gives up on them (see lib/console/tail-app-logs.ts). */
export async function purgeLogWrites(now = new Date()): Promise<number> {
  const { rowCount } = await pgPool().query('DELETE FROM log_line_writes WHERE written_at < $1', [new Date(now.getTime() - 600_000)]);
  return rowCount ?? 0;
}
