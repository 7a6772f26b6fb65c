import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import { logLineJson, type LogLineRow } from '@/lib/logs/log-line-json';
import type { ApiLogLevel } from '@/lib/validations/logs';

// Lines that arrived after a given point, for a live tail. Line ids come from
// one sequence, so "newer than the last id seen" is the tail's position; the
// time floor keeps each installation's lookup inside the newest partitions.

export type TailFilters = { levels?: ApiLogLevel[]; versions?: string[]; q?: string; invocationId?: string };

export async function currentLogPosition(): Promise<string> {
  const { rows } = await pgPool().query<{ last: string }>('SELECT last_value::text AS last FROM log_lines_id_seq');
  return rows[0]?.last ?? '0';
}

export async function findNewLines(options: { installationIds: string[]; afterId: string; since: Date; filters: TailFilters; limit?: number }) {
  if (options.installationIds.length === 0) return [];
  const params: unknown[] = [options.installationIds, options.since, options.afterId];
  const add = (value: unknown) => `$${params.push(value)}`;
  const where = ['installation_id = ANY($1::text[])', 'ts >= $2', 'id > $3::bigint'];
  const { filters } = options;
  if (filters.levels?.length) where.push(`level = ANY(${add(filters.levels.map((l) => l.toUpperCase()))}::"LogLevel"[])`);
  if (filters.versions?.length) where.push(`app_version = ANY(${add(filters.versions)}::text[])`);
  if (filters.invocationId) where.push(`invocation_id = ${add(filters.invocationId)}`);
  if (filters.q) {
    const pattern = add(`%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const exact = add(filters.q);
    where.push(`(message ILIKE ${pattern} OR module ILIKE ${pattern} OR invocation_id = ${exact} OR trace_id = ${exact})`);
  }
  const { rows } = await pgPool().query<LogLineRow & { installation_id: string }>(
    `SELECT id::text, installation_id, ts, level, message, invocation_id, trace_id, module, "function", app_version, attributes
       FROM log_lines WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${add(options.limit ?? 500)}`,
    params,
  );
  return rows.map((row) => ({ ...logLineJson(row), installationId: row.installation_id }));
}
