import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import { decodeLogCursor, encodeLogCursor } from '@/lib/logs/log-cursor';
import { LOG_LINE_COLUMNS, logLineJson, logLineSelect, type LogLineJson, type LogLineRow } from '@/lib/logs/log-line-json';
import { lineFilterConditions, searchConditions, type LineFilters } from '@/lib/logs/line-filters';
import { searchLogSlice } from '@/lib/logs/search-log-slice';
import { scopeLevels } from '@/lib/validations/grant-scope';

export type LogSliceOptions = LineFilters & {
  installationIds: string[];
  from: Date;
  to: Date;
  limit: number;
  cursor?: string;
};

/**
 * The levels of the partial index log_lines_errors_warnings_idx
 * (installation_id, level, ts, id) WHERE level is ERROR or WARN: rare
 * levels get an index of their own, so "only errors" does not walk a day of
 * info lines. Keep this in step with the index's predicate in schema.prisma.
 */
const INDEXED_LEVELS = ['ERROR', 'WARN'];
const INDEXED_LEVELS_PREDICATE = `l.level IN (${INDEXED_LEVELS.map((l) => `'${l}'`).join(', ')})`;

export type LogSlice = { lines: (LogLineJson & { installationId: string })[]; nextCursor: string | null };

/**
 * The newest lines of some installations in [from, to), one page at a time.
 * Each installation's newest lines come from a backward walk of its primary
 * key (installation_id, ts, id), limited to the page size, and the pages are
 * merged; keyset pagination on (ts, id) makes page 50 cost what page 1 costs.
 * The window is passed as bound timestamptz parameters so PostgreSQL prunes
 * the daily partitions. With a level filter, each installation and level is
 * a walk of its own (errors and warnings have their own index), merged the
 * same way. It only reads; a vendor's page that must be recorded is
 * readLogPageAndRecordVendorRead (lib/audit/), which shares this SQL.
 */
export async function findLogSlice(options: LogSliceOptions): Promise<LogSlice> {
  if (options.installationIds.length === 0) return { lines: [], nextCursor: null };
  const { q, searchSources, ...slice } = options;
  if (q) return searchLogSlice(pgPool(), slice, (bind) => searchConditions({ q, searchSources, scopes: options.scopes }, bind));
  const statement = logSliceStatement(options);
  const { rows } = await pgPool().query<LogSliceRow>(statement.walk(`${logLineSelect('l')}, l.installation_id`), statement.params);
  return logSliceOf(rows, options.limit);
}

export type LogSliceRow = LogLineRow & { installation_id: string };

/**
 * The SQL of a slice: `walk(select)` is the merged walk selecting `select`
 * from the lines `l`, one line more than the page (to know whether there is
 * a next page); `bind` adds a parameter to `params` and returns its placeholder;
 * `walks` and `where` are its parts, for the search's walks (search-log-slice.ts).
 */
export function logSliceStatement(options: LogSliceOptions) {
  const params: unknown[] = [options.installationIds, options.from, options.to];
  const bind = (value: unknown) => `$${params.push(value)}`;
  // Levels are the walks' own (scopedWalks), not a filter on them.
  const { levels: _levels, ...filters } = options;
  const where = ['l.installation_id = i.id', 'l.ts >= $2', 'l.ts < $3', ...lineFilterConditions(filters, bind)];
  let walks = 'unnest($1::text[]) AS i(id)';
  if (walksPerLevel(options)) {
    // One walk per installation and level its scope shows (all levels without a filter or a scope's level),
    // each from the later of the range's start and the scope's first instant: a scoped walk
    // is an index walk of what the vendor may see, never a scan past what it may not.
    const walkList = scopedWalks(options);
    // ($1 stays the installations read, as every caller's statement binds it.)
    walks = `(SELECT * FROM unnest(${bind(walkList.map((w) => w.id))}::text[], ${bind(walkList.map((w) => w.level))}::"LogLevel"[], ${bind(walkList.map((w) => w.since))}::timestamptz[]) AS w(id, level, since)
               WHERE w.id = ANY($1::text[])) AS i`;
    // A walk without a level (a site whose scope keeps every level, beside scoped ones) reads every level: one walk, not five.
    const levelled = walkList.every((w) => w.level !== null);
    where.push(levelled ? 'l.level = i.level' : '(i.level IS NULL OR l.level = i.level)', 'l.ts >= i.since');
    // The index's own predicate, written as it is there, so the planner sees that the index covers the walk.
    if (levelled && walkList.every((w) => INDEXED_LEVELS.includes(w.level!))) where.push(INDEXED_LEVELS_PREDICATE);
  }
  if (options.cursor) {
    const cursor = decodeLogCursor(options.cursor);
    where.push(`(l.ts, l.id) < (${bind(cursor.ts)}, ${bind(cursor.id)}::bigint)`);
  }
  const columns = LOG_LINE_COLUMNS.map((c) => `l.${c}`).join(', ');
  // id stays a bigint until after the merge: ordered as text, 10 would sort before 9.
  const walk = (select: string, fetch = bind(options.limit + 1)) =>
    `SELECT ${select}
       FROM ${walks}
     CROSS JOIN LATERAL (
       SELECT ${columns}, l.installation_id FROM log_lines l
        WHERE ${where.join(' AND ')}
        ORDER BY l.ts DESC, l.id DESC
        LIMIT ${fetch}
     ) l
     ORDER BY l.ts DESC, l.id DESC
     LIMIT ${fetch}`;
  return { params, bind, walk, walks, where };
}

/** Whether a slice walks each installation per level (a level filter, or a scope with a level or a first instant). */
export function walksPerLevel(options: Pick<LogSliceOptions, 'levels' | 'scopes'>): boolean {
  return !!options.levels?.length || !!options.scopes?.some((s) => s.scope?.minLevel || s.scope?.since);
}

/**
 * The walks of a slice with levels or scopes: one per installation and level
 * that both the filter and its scope show; one of every level (level null)
 * for an installation that neither the filter nor its scope limits by level.
 */
function scopedWalks(options: LogSliceOptions): { id: string; level: string | null; since: Date }[] {
  const scopeOf = new Map((options.scopes ?? []).map((s) => [s.installationId, s.scope]));
  const walks: { id: string; level: string | null; since: Date }[] = [];
  for (const id of options.installationIds) {
    const scope = scopeOf.get(id) ?? null;
    const shown = scopeLevels(scope);
    const since = scope?.since && new Date(scope.since) > options.from ? new Date(scope.since) : options.from;
    if (!options.levels?.length && !scope?.minLevel) {
      walks.push({ id, level: null, since });
      continue;
    }
    const levels = options.levels?.length ? options.levels.filter((l) => shown.includes(l)) : shown;
    for (const level of levels) walks.push({ id, level: level.toUpperCase(), since });
  }
  return walks;
}

/** The page (the first `limit` rows of the walk's) and the cursor of the next one, if any. */
export function logSliceOf(rows: LogSliceRow[], limit: number): LogSlice {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    lines: page.map((row) => Object.assign(logLineJson(row), { installationId: row.installation_id })),
    nextCursor: rows.length > limit && last ? encodeLogCursor({ ts: last.ts, id: last.id }) : null,
  };
}
