import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import { decodeLogCursor, encodeLogCursor } from '@/lib/logs/log-cursor';
import { logLineJson, type LogLineJson, type LogLineRow } from '@/lib/logs/log-line-json';
import type { ApiLogLevel } from '@/lib/validations/logs';

export type LogSliceOptions = {
  installationIds: string[];
  from: Date;
  to: Date;
  limit: number;
  cursor?: string;
  levels?: ApiLogLevel[];
  q?: string;
};

export type LogSlice = { lines: LogLineJson[]; nextCursor: string | null };

/**
 * The newest lines of some installations in [from, to), one page at a time:
 * keyset pagination on (ts, id) walks the primary key backwards, so page 50
 * costs what page 1 costs. The window is passed as bound timestamptz
 * parameters so PostgreSQL prunes the daily partitions.
 */
export async function findLogSlice(options: LogSliceOptions): Promise<LogSlice> {
  const params: unknown[] = [options.installationIds, options.from, options.to];
  const where = ['installation_id = ANY($1::text[])', 'ts >= $2', 'ts < $3'];
  if (options.levels?.length) {
    params.push(options.levels.map((l) => l.toUpperCase()));
    where.push(`level = ANY($${params.length}::"LogLevel"[])`);
  }
  if (options.q) {
    params.push(`%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`message ILIKE $${params.length}`);
  }
  if (options.cursor) {
    const cursor = decodeLogCursor(options.cursor);
    params.push(cursor.ts, cursor.id);
    where.push(`(ts, id) < ($${params.length - 1}, $${params.length}::bigint)`);
  }
  params.push(options.limit + 1);
  const { rows } = await pgPool().query<LogLineRow>(
    `SELECT id::text, ts, level, message, invocation_id, trace_id, module, "function", app_version, attributes
       FROM log_lines
      WHERE ${where.join(' AND ')}
      ORDER BY ts DESC, id DESC
      LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    lines: page.map(logLineJson),
    nextCursor: rows.length > options.limit && last ? encodeLogCursor({ ts: last.ts, id: last.id }) : null,
  };
}
