import type { ApiLogLevel } from '@/lib/validations/logs';

// The WHERE conditions the log queries share (viewer pages, live tail). The
// caller's `add` binds a value and returns its $n placeholder.

export type LineFilters = {
  levels?: ApiLogLevel[];
  versions?: string[];
  /** Words in the message or module, or an exact invocation or trace ID. */
  q?: string;
  invocationId?: string;
};

export function lineFilterConditions(filters: LineFilters, add: (value: unknown) => string, alias = 'l'): string[] {
  const col = (name: string) => `${alias}.${name}`;
  const where: string[] = [];
  if (filters.levels?.length) where.push(`${col('level')} = ANY(${add(filters.levels.map((l) => l.toUpperCase()))}::"LogLevel"[])`);
  if (filters.versions?.length) where.push(`${col('app_version')} = ANY(${add(filters.versions)}::text[])`);
  if (filters.invocationId) where.push(`${col('invocation_id')} = ${add(filters.invocationId)}`);
  if (filters.q) {
    const pattern = add(`%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const exact = add(filters.q);
    where.push(`(${col('message')} ILIKE ${pattern} OR ${col('module')} ILIKE ${pattern} OR ${col('invocation_id')} = ${exact} OR ${col('trace_id')} = ${exact})`);
  }
  return where;
}
