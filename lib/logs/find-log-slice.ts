import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import { decodeLogCursor, encodeLogCursor } from '@/lib/logs/log-cursor';
import { logLineJson, type LogLineJson, type LogLineRow } from '@/lib/logs/log-line-json';
import { lineFilterConditions, type LineFilters } from '@/lib/logs/line-filters';

export type LogSliceOptions = LineFilters & {
  installationIds: string[];
  from: Date;
  to: Date;
  limit: number;
  cursor?: string;
};

export type LogSlice = { lines: (LogLineJson & { installationId: string })[]; nextCursor: string | null };

/**
 * The newest lines of some installations in [from, to), one page at a time.
 * Each installation's newest lines come from a backward walk of its primary
 * key (installation_id, ts, id), limited to the page size, and the pages are
 * merged; keyset pagination on (ts, id) makes page 50 cost what page 1 costs.
 * The window is passed as bound timestamptz parameters so PostgreSQL prunes
 * the daily partitions.
 */
export async function findLogSlice(options: LogSliceOptions): Promise<LogSlice> {
  if (options.installationIds.length === 0) return { lines: [], nextCursor: null };
  const params: unknown[] = [options.installationIds, options.from, options.to];
  const add = (value: unknown) => `$${params.push(value)}`;
  const where = ['l.installation_id = i.id', 'l.ts >= $2', 'l.ts < $3', ...lineFilterConditions(options, add)];
  if (options.cursor) {
    const cursor = decodeLogCursor(options.cursor);
    where.push(`(l.ts, l.id) < (${add(cursor.ts)}, ${add(cursor.id)}::bigint)`);
  }
  const limit = add(options.limit + 1);
  const { rows } = await pgPool().query<LogLineRow & { installation_id: string }>(
    // id stays a bigint until after the merge: ordered as text, 10 would sort before 9.
    `SELECT l.id::text AS id, l.installation_id, l.ts, l.level, l.message, l.invocation_id, l.trace_id, l.module, l."function", l.app_version, l.attributes
       FROM unnest($1::text[]) AS i(id)
     CROSS JOIN LATERAL (
       SELECT l.id, l.installation_id, l.ts, l.level, l.message, l.invocation_id, l.trace_id, l.module, l."function", l.app_version, l.attributes
         FROM log_lines l
        WHERE ${where.join(' AND ')}
        ORDER BY l.ts DESC, l.id DESC
        LIMIT ${limit}
     ) l
     ORDER BY l.ts DESC, l.id DESC
     LIMIT ${limit}`,
    params,
  );
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    lines: page.map((row) => ({ ...logLineJson(row), installationId: row.installation_id })),
    nextCursor: rows.length > options.limit && last ? encodeLogCursor({ ts: last.ts, id: last.id }) : null,
  };
}
