import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import { LOG_LINE_COLUMNS, logLineJson, type LogLineRow } from '@/lib/logs/log-line-json';
import { lineFilterConditions, type LineFilters } from '@/lib/logs/line-filters';

// Lines that arrived after a given point, for a live tail. Line ids come from
// one sequence, so "newer than the last id seen" is the tail's position; the
// time floor keeps each installation's lookup inside the newest partitions.


export async function currentLogPosition(): Promise<string> {
  const { rows } = await pgPool().query<{ last: string }>('SELECT last_value::text AS last FROM log_lines_id_seq');
  return rows[0]?.last ?? '0';
}

export async function findNewLines(options: { installationIds: string[]; afterId: string; since: Date; filters: LineFilters; limit?: number }) {
  if (options.installationIds.length === 0) return [];
  const params: unknown[] = [options.installationIds, options.since, options.afterId];
  const add = (value: unknown) => `$${params.push(value)}`;
  const where = ['l.installation_id = ANY($1::text[])', 'l.ts >= $2', 'l.id > $3::bigint', ...lineFilterConditions(options.filters, add)];
  const { rows } = await pgPool().query<LogLineRow & { installation_id: string }>(
    `SELECT ${LOG_LINE_COLUMNS.map((c) => (c === 'id' ? 'l.id::text AS id' : `l.${c}`)).join(', ')}, l.installation_id
       FROM log_lines l WHERE ${where.join(' AND ')} ORDER BY l.id LIMIT ${add(options.limit ?? 500)}`,
    params,
  );
  return rows.map((row) => ({ ...logLineJson(row), installationId: row.installation_id }));
}
