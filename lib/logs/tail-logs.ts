import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import { logLineJson, logLineSelect, type LogLineRow } from '@/lib/logs/log-line-json';
import { lineFilterConditions, type LineFilters } from '@/lib/logs/line-filters';

// Lines that arrived after a given point, for a live tail. The point is the
// highest line id delivered plus the snapshot of the last look: ids come from
// one sequence but concurrent batches commit in any order, so a line is new
// when its id is higher, or when its transaction had not finished at the last
// look. The time floor keeps each installation's lookup in the newest partitions.

export type TailPosition = { afterId: string; snapshot: string };

export async function currentLogPosition(): Promise<TailPosition> {
  const { rows } = await pgPool().query<TailPosition>('SELECT last_value::text AS "afterId", pg_current_snapshot()::text AS snapshot FROM log_lines_id_seq');
  return rows[0] ?? { afterId: '0', snapshot: '' };
}

export async function findNewLines(options: { installationIds: string[]; position: TailPosition; since: Date; filters: LineFilters; limit?: number }) {
  if (options.installationIds.length === 0) return { lines: [], position: options.position };
  const params: unknown[] = [options.installationIds, options.since, options.position.afterId, options.position.snapshot];
  const add = (value: unknown) => `$${params.push(value)}`;
  const where = [
    'l.installation_id = ANY($1::text[])',
    'l.ts >= $2',
    '(l.id > $3::bigint OR NOT logshare_visible_in_snapshot(l.xmin, $4::pg_snapshot))',
    ...lineFilterConditions(options.filters, add),
  ];
  // One statement, so pg_current_snapshot() is the snapshot the lines were read with: the next look's point.
  const { rows } = await pgPool().query<Partial<LogLineRow> & { installation_id: string | null; snapshot: string }>(
    `WITH look AS (SELECT pg_current_snapshot()::text AS snapshot)
     SELECT look.snapshot, l.* FROM look LEFT JOIN LATERAL (
       SELECT ${logLineSelect('l')}, l.installation_id
         FROM log_lines l WHERE ${where.join(' AND ')} ORDER BY l.id LIMIT ${add(options.limit ?? 500)}) l ON true`,
    params,
  );
  const snapshot = rows[0]!.snapshot;
  const found = rows.filter((r): r is LogLineRow & { installation_id: string; snapshot: string } => r.installation_id !== null);
  const last = found.at(-1);
  // Ordered by id: every qualifying line below the last one delivered was delivered too.
  const afterId = last && BigInt(last.id) > BigInt(options.position.afterId) ? last.id : options.position.afterId;
  return { lines: found.map((row) => ({ ...logLineJson(row), installationId: row.installation_id })), position: { afterId, snapshot } };
}
