import 'server-only';
import type pg from 'pg';
import { logSliceOf, logSliceStatement, walksPerLevel, type LogSlice, type LogSliceOptions, type LogSliceRow } from '@/lib/logs/find-log-slice';
import { decodeLogCursor } from '@/lib/logs/log-cursor';
import { LOG_LINE_COLUMNS, logLineSelect } from '@/lib/logs/log-line-json';
import { lineFilterConditions } from '@/lib/logs/line-filters';

// A page of a search (the viewer's q). Two ways to find it, both exact, and
// measured in bench/README.md ("Search"):
// 1. A word in many lines is found within the newest lines of each site: the
//    viewer's walk of each installation's primary key, newest first, reading
//    at most PROBE_ROWS lines of each. When that shows which lines make the
//    page (each walk found a page of matches or reached the range's end, or
//    the matches newer than every walk's last read line fill the page), it is
//    the answer: a common word's first page costs a few thousand rows.
//    When it does not, but the lines it read matched one in WALK_HIT_RATE or
//    more, the walk goes on to the page's end (today's viewer walk).
// 2. Otherwise (a rare word, an attribute; an exact trace or invocation ID at
//    once, as its own index finds it) the matches are few and the
//    indexes find them: one statement over all the installations at once
//    (installation_id = ANY), so each closed day's trigram or jsonb index is
//    read once, not once per site, and today's open partition, which has no
//    search index, is read for those sites only. It asks for the newest day
//    first, then the week, then the rest, and stops when the page is full;
//    an exact ID's few lines are asked for over the whole range at once.

type Bind = (value: unknown) => string;
type Queryable = Pick<pg.Pool | pg.PoolClient | pg.Client, 'query'>;
export type SearchConditions = (bind: Bind) => string[];

/** Lines each walk of the first way reads at most. */
const PROBE_ROWS = 1000;
/** The share of matches in the first look above which the walk goes on rather than the indexes: see bench/README.md, "Search". */
const WALK_HIT_RATE = 1 / 200;
const DAY_MS = 86_400_000;
/** The second way's ranges, back from the end of the search's range: a day, a week, the rest. */
const CHUNK_DAYS = [1, 7];

type Position = { ts: number; id: bigint };
const positionOf = (row: LogSliceRow): Position => ({ ts: row.ts.getTime(), id: BigInt(row.id) });
/** Newest first, as pages are ordered: negative when `a` comes before `b`. */
const byNewest = (a: Position, b: Position) => (a.ts !== b.ts ? b.ts - a.ts : a.id === b.id ? 0 : a.id > b.id ? -1 : 1);

export async function searchLogSlice(db: Queryable, options: Omit<LogSliceOptions, 'q'>, search: SearchConditions): Promise<LogSlice> {
  if (options.installationIds.length === 0) return { lines: [], nextCursor: null };
  // An exact trace or invocation ID has a btree index of its own per site and day: no walk can beat it,
  // and its few lines are found over the whole range at once, in one statement.
  if (isExactId(search)) return searchNewestFirst(db, options, search, []);
  const probe = await probeNewestLines(db, options, search);
  if ('page' in probe) return probe.page;
  // A word in one line of 200 or more: the index would fetch thousands of lines a day; the walk finds the page within some 20,000 of each site.
  if (probe.hitRate >= WALK_HIT_RATE) return walkWithSearch(db, options, search);
  return searchNewestFirst(db, options, search, CHUNK_DAYS);
}

/** Whether one of the conditions is `l.trace_id = $n` or `l.invocation_id = $n`, as the query language compiles `trace:` and `invocation:`. */
function isExactId(search: SearchConditions): boolean {
  return search(() => '$0').some((c) => /^\(?l\.(trace_id|invocation_id) = \$0\)?$/.test(c.trim()));
}

type ProbeRow = LogSliceRow & { walk_level: string; hit: boolean; n: string; hits: string };

/** The viewer's walk of each site with the search's conditions, to the page's end. */
async function walkWithSearch(db: Queryable, options: Omit<LogSliceOptions, 'q'>, search: SearchConditions): Promise<LogSlice> {
  const { params, bind, walk, where } = logSliceStatement(options);
  where.push(...search(bind).map((c) => `(${c})`));
  const { rows } = await db.query<LogSliceRow>(walk(`${logLineSelect('l')}, l.installation_id`), params);
  return logSliceOf(rows, options.limit);
}

/** The first way: the page if the newest PROBE_ROWS lines of each walk decide it, else the share of the lines read that matched. */
async function probeNewestLines(db: Queryable, options: Omit<LogSliceOptions, 'q'>, search: SearchConditions): Promise<{ page: LogSlice } | { hitRate: number }> {
  const { params, bind, walks, where } = logSliceStatement(options);
  const hit = search(bind).map((c) => `(${c})`).join(' AND ') || 'true';
  const fetch = options.limit + 1;
  const budget = bind(PROBE_ROWS);
  const columns = LOG_LINE_COLUMNS.map((c) => `l.${c}`).join(', ');
  // Which walk a row came from: its installation and, when walks are per level, the walk's level (none: a walk of every level).
  const walkLevel = walksPerLevel(options) ? "coalesce(i.level::text, '')" : "''";
  const text = `SELECT ${logLineSelect('p')}, p.installation_id, ${walkLevel} AS walk_level, p.hit, p.n, p.hits
      FROM ${walks}
     CROSS JOIN LATERAL (
       SELECT b.*, row_number() OVER w AS n, count(*) FILTER (WHERE b.hit) OVER w AS hits
         FROM (SELECT ${columns}, l.installation_id, coalesce(${hit}, false) AS hit FROM log_lines l
                WHERE ${where.join(' AND ')}
                ORDER BY l.ts DESC, l.id DESC
                LIMIT ${budget}) b
       WINDOW w AS (ORDER BY b.ts DESC, b.id DESC)
     ) p
     WHERE (p.hit AND p.hits <= ${bind(fetch)}) OR p.n = ${budget}`;
  const { rows } = await db.query<ProbeRow>(text, params);

  // Each walk is known down to its boundary: its last match if it found a page of them, else the last line it read (if it stopped before the range's end).
  const walksOf = new Map<string, ProbeRow[]>();
  for (const row of rows) {
    const key = `${row.installation_id}|${row.walk_level}`;
    walksOf.set(key, [...(walksOf.get(key) ?? []), row]);
  }
  let known: Position | undefined;
  const matches: ProbeRow[] = [];
  let cutWalks = 0;
  let cutHits = 0;
  for (const walk of walksOf.values()) {
    const found = walk.filter((r) => r.hit && Number(r.hits) <= fetch);
    matches.push(...found);
    const cut = walk.find((r) => Number(r.n) === PROBE_ROWS);
    if (cut && found.length < fetch) {
      cutWalks++;
      cutHits += found.length;
    }
    const last = found.length >= fetch ? found[fetch - 1] : cut;
    if (last && (!known || byNewest(positionOf(last), known) < 0)) known = positionOf(last);
  }
  matches.sort((a, b) => byNewest(positionOf(a), positionOf(b)));
  const certain = known ? matches.filter((m) => byNewest(positionOf(m), known) <= 0) : matches;
  if (known && certain.length < fetch) return { hitRate: cutWalks ? cutHits / (cutWalks * PROBE_ROWS) : 0 };
  return { page: logSliceOf(certain.slice(0, fetch), options.limit) };
}

/** The second way: all installations in one statement, over the newest `chunkDays` first (a day, then the week), then the rest of the range. */
async function searchNewestFirst(db: Queryable, options: Omit<LogSliceOptions, 'q'>, search: SearchConditions, chunkDays: number[]): Promise<LogSlice> {
  const fetch = options.limit + 1;
  const cursor = options.cursor ? decodeLogCursor(options.cursor) : undefined;
  // Nothing newer than the cursor can be on this page.
  const end = Math.min(options.to.getTime(), cursor ? cursor.ts.getTime() + 1 : Infinity);
  const start = options.from.getTime();
  const bounds = [...chunkDays.map((days) => end - days * DAY_MS).filter((t) => t > start), start];
  const rows: LogSliceRow[] = [];
  let upper = end;
  for (const lower of bounds) {
    if (lower >= upper) continue;
    const params: unknown[] = [options.installationIds, new Date(lower), new Date(upper)];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const where = ['l.installation_id = ANY($1::text[])', 'l.ts >= $2', 'l.ts < $3', ...lineFilterConditions({ levels: options.levels, versions: options.versions, invocationId: options.invocationId, scopes: options.scopes }, bind), ...search(bind).map((c) => `(${c})`)];
    if (cursor) where.push(`(l.ts, l.id) < (${bind(cursor.ts)}, ${bind(cursor.id)}::bigint)`);
    const text = `SELECT ${logLineSelect('l')}, l.installation_id FROM log_lines l
                   WHERE ${where.join(' AND ')}
                   ORDER BY l.ts DESC, l.id DESC
                   LIMIT ${bind(fetch - rows.length)}`;
    rows.push(...(await db.query<LogSliceRow>(text, params)).rows);
    if (rows.length >= fetch) break;
    upper = lower;
  }
  return logSliceOf(rows, options.limit);
}
