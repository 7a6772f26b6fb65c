import './server-only';
import http from 'node:http';
import pg from 'pg';
import { searchLogSlice } from '@/lib/logs/search-log-slice';
import { findUnindexedDays } from '@/lib/search/index-coverage';
import { get, percentiles, type Load } from './load';
import { int, mib, ms, say, type Row } from './report';
import { RARE_WORD, type SearchData } from './search-data';
import type { ConsoleFixture } from './seed-console';

// Indexed search (issue #15) over the console's sharing installations: each
// case over HTTP (GET /api/v1/apps/{appId}/logs?q=…, median of 10, 1 client;
// the viewer's count beside it, GET …/logs/count, is printed as information),
// as SQL in the shape the search compiler emits, run through the search's
// page strategy (lib/logs/search-log-slice.ts, median of 10), the same
// without any search index (bitmap scans off), and beside them the query of
// today's `q` (message or module ILIKE, or an exact ID, in the viewer's
// per-site walk), which no search index can serve; the last two run fewer
// times where they take seconds.

const RUNS = 10;
/** A search slower than this over HTTP is run once. */
const SLOW_SECONDS = 3;
const DAY = 86_400_000;
const LIMIT = 100;
/** A word in several percent of the lines: the first page is full long before the range ends. */
export const COMMON_WORD = 'block';

type Case = {
  name: string;
  /** The API's q, in the query language. */
  q: string;
  from: Date;
  to: Date;
  /** The compiled condition (alias l), binding its values. */
  condition: (bind: (v: unknown) => string) => string;
  /** Today's q for the same search, when there is one. */
  todayQ?: string;
  targetSeconds: number;
  baselineRuns: number;
};

/** The viewer's page walk (lib/logs/find-log-slice.ts) with a condition: how today's q is run. */
function pageSql(installationIds: string[], from: Date, to: Date, condition: (bind: (v: unknown) => string) => string) {
  const params: unknown[] = [installationIds, from, to];
  const bind = (v: unknown) => `$${params.push(v)}`;
  const where = condition(bind);
  const text = `SELECT l.id::text, l.ts FROM unnest($1::text[]) AS i(id)
    CROSS JOIN LATERAL (
      SELECT l.id, l.ts FROM log_lines l
       WHERE l.installation_id = i.id AND l.ts >= $2 AND l.ts < $3 AND (${where})
       ORDER BY l.ts DESC, l.id DESC LIMIT ${LIMIT + 1}
    ) l
    ORDER BY l.ts DESC, l.id DESC LIMIT ${LIMIT + 1}`;
  return { text, values: params };
}

/** Today's q: message or module ILIKE, or an exact invocation or trace ID (lib/logs/line-filters.ts before the query language). */
function todayCondition(q: string) {
  return (bind: (v: unknown) => string) => {
    const pattern = bind(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const exact = bind(q);
    return `l.message ILIKE ${pattern} OR l.module ILIKE ${pattern} OR l.invocation_id = ${exact} OR l.trace_id = ${exact}`;
  };
}

/** Median of `runs` (after one unmeasured run, unless only one is asked for) and the lines of the page. */
async function timed(run: () => Promise<number>, runs: number): Promise<{ median: number; lines: number }> {
  const seconds: number[] = [];
  let lines = 0;
  for (let i = 0; i <= runs; i++) {
    const started = performance.now();
    lines = Math.min(await run(), LIMIT);
    if (i > 0 || runs === 1) seconds.push((performance.now() - started) / 1000);
    if (runs === 1) break;
  }
  return { median: percentiles(seconds).p50, lines };
}

const timeSql = (client: pg.Client, sql: { text: string; values: unknown[] }, runs: number) => timed(async () => (await client.query(sql)).rowCount ?? 0, runs);

function timeSearch(client: pg.Client, fixture: ConsoleFixture, c: Case, runs: number) {
  const slice = { installationIds: fixture.installationIds, from: c.from, to: c.to, limit: LIMIT };
  return timed(async () => (await searchLogSlice(client, slice, (bind) => [c.condition(bind)])).lines.length, runs);
}

type HttpFigure = { median: number; lines: number; runs: number } | { unmeasurable: string };

async function timeHttp(baseUrl: string, fixture: ConsoleFixture, c: Case, sqlLines: number): Promise<HttpFigure> {
  const load = (from: Date): Load => ({
    url: `${baseUrl}/api/v1/apps/${fixture.appId}/logs?${new URLSearchParams({ from: from.toISOString(), to: c.to.toISOString(), limit: String(LIMIT), q: c.q })}`,
    headers: { authorization: `Bearer ${fixture.token}` },
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    // A probe over the last hour: an API without the query language answers 400, or reads q as a plain substring.
    const probe = await get(agent, load(new Date(c.to.getTime() - 3_600_000)));
    if (probe.status === 400) return { unmeasurable: 'not measurable: the API does not take this query yet' };
    if (probe.status !== 200) throw new Error(`GET ${load(c.from).url}: ${probe.status} ${probe.body.slice(0, 300)}`);
    const seconds: number[] = [];
    let lines = 0;
    for (let i = 0; i <= RUNS; i++) {
      const started = performance.now();
      const reply = await get(agent, load(c.from));
      const took = (performance.now() - started) / 1000;
      // A search that runs into the statement timeout answers 503: a figure, not a failure of the bench.
      if (reply.status !== 200) return { unmeasurable: `HTTP ${reply.status} after ${ms(took)}: ${reply.body.slice(0, 80)}` };
      lines = (JSON.parse(reply.body) as { lines: unknown[] }).lines.length;
      if (i === 0 && lines === 0 && sqlLines > 0) return { unmeasurable: `not measurable: the API reads q=${c.q} as a plain substring (0 lines; the compiled query finds ${sqlLines})` };
      // Seconds per search: one run says enough, and ten would take minutes.
      if (took > SLOW_SECONDS) return { median: took, lines, runs: 1 };
      if (i > 0) seconds.push(took);
    }
    return { median: percentiles(seconds).p50, lines, runs: RUNS };
  } finally {
    agent.destroy();
  }
}

/** The viewer's count beside the page (GET …/logs/count): information, its figure is the page's. */
async function timeCount(baseUrl: string, fixture: ConsoleFixture, c: Case): Promise<{ median: number; matched: string } | { unmeasurable: string }> {
  const load: Load = {
    url: `${baseUrl}/api/v1/apps/${fixture.appId}/logs/count?${new URLSearchParams({ from: c.from.toISOString(), to: c.to.toISOString(), q: c.q })}`,
    headers: { authorization: `Bearer ${fixture.token}` },
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const seconds: number[] = [];
    let matched = '';
    for (let i = 0; i <= RUNS; i++) {
      const started = performance.now();
      const reply = await get(agent, load);
      const took = (performance.now() - started) / 1000;
      if (reply.status !== 200) return { unmeasurable: `HTTP ${reply.status}: ${reply.body.slice(0, 80)}` };
      const { count, exact } = (JSON.parse(reply.body) as { matched: { count: number; exact: boolean } }).matched;
      matched = `${exact ? '' : 'more than '}${int(count)}`;
      if (took > SLOW_SECONDS) return { median: took, matched };
      if (i > 0) seconds.push(took);
    }
    return { median: percentiles(seconds).p50, matched };
  } finally {
    agent.destroy();
  }
}

export type SearchFigures = { rows: Row[] };

export async function measureSearch(options: { baseUrl: string; databaseUrl: string; fixture: ConsoleFixture; data: SearchData; now?: Date }): Promise<SearchFigures> {
  const { fixture, data } = options;
  const now = options.now ?? new Date();
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const word = (w: string) => (bind: (v: unknown) => string) => `l.message ILIKE ${bind(`%${w}%`)}`;
  const cases: Case[] = [
    { name: 'rare word, last 24 hours', q: RARE_WORD, from: ago(1), to: now, condition: word(RARE_WORD), todayQ: RARE_WORD, targetSeconds: 0.1, baselineRuns: 3 },
    { name: 'rare word, last 7 days', q: RARE_WORD, from: ago(7), to: now, condition: word(RARE_WORD), todayQ: RARE_WORD, targetSeconds: 0.3, baselineRuns: 1 },
    { name: 'rare word, last 30 days (14 days of data)', q: RARE_WORD, from: ago(30), to: now, condition: word(RARE_WORD), todayQ: RARE_WORD, targetSeconds: 1, baselineRuns: 1 },
    { name: `common word "${COMMON_WORD}", first page of 100, 30 days`, q: COMMON_WORD, from: ago(30), to: now, condition: word(COMMON_WORD), todayQ: COMMON_WORD, targetSeconds: 0.05, baselineRuns: RUNS },
    {
      name: 'exact trace ID, last 30 days',
      q: `trace:${data.oldTraceId}`,
      from: ago(30),
      to: now,
      condition: (bind) => `l.trace_id = ${bind(data.oldTraceId)}`,
      todayQ: data.oldTraceId,
      targetSeconds: 0.02,
      baselineRuns: 1,
    },
    {
      name: 'attribute statusCode=502, last 7 days',
      q: 'attr.statusCode:502',
      from: ago(7),
      to: now,
      condition: (bind) => `l.attributes @> ${bind('{"statusCode":502}')}::jsonb OR l.attributes @> ${bind('{"statusCode":"502"}')}::jsonb`,
      targetSeconds: 0.3,
      baselineRuns: 1,
    },
  ];

  say(`\nsearch over the console's ${fixture.installationIds.length} sharing installations (${int(data.consoleLines)} lines; "${RARE_WORD}" in ${int(data.rareLines)} of them, 1 in ${int(data.consoleLines / Math.max(1, data.rareLines))})`);
  const rows: Row[] = [];
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const unindexed = await findUnindexedDays(client, { from: ago(30), to: now });
    const gaps = unindexed.length ? unindexed.map((r) => `${r.from} .. ${r.to}`).join(', ') : 'none';
    say(`  parts of the last 30 days without a search index (scanned): ${gaps}`);
    rows.push({ measure: 'search: parts of the last 30 days without a search index', value: gaps });
    for (const c of cases) {
      const sql = await timeSearch(client, fixture, c, RUNS);
      // Without any search index (GIN indexes are read only by bitmap scans): what the same search costs on days the job has not reached.
      await client.query('SET enable_bitmapscan = off');
      const unindexed = await timeSearch(client, fixture, c, c.baselineRuns);
      await client.query('RESET enable_bitmapscan');
      const today = c.todayQ ? await timeSql(client, pageSql(fixture.installationIds, c.from, c.to, todayCondition(c.todayQ)), c.baselineRuns) : undefined;
      if (today && today.lines !== sql.lines && c.todayQ === c.q) say(`  !! ${c.name}: today's q found ${today.lines} lines, the search ${sql.lines}`);
      const viaHttp = await timeHttp(options.baseUrl, fixture, c, sql.lines);
      const counted = await timeCount(options.baseUrl, fixture, c);
      const runsOf = (n: number) => (n === 1 ? '1 run' : `median of ${n}`);
      say(
        `  ${c.name}: compiled SQL ${ms(sql.median)} (${sql.lines} lines); same SQL without search indexes ${ms(unindexed.median)} (${runsOf(c.baselineRuns)})` +
          (today ? `; today's q ${ms(today.median)} (${today.lines} lines, ${runsOf(c.baselineRuns)})` : '') +
          `; HTTP ${'unmeasurable' in viaHttp ? viaHttp.unmeasurable : `${ms(viaHttp.median)} (${viaHttp.lines} lines, ${runsOf(viaHttp.runs)})`}` +
          `; its count beside it ${'unmeasurable' in counted ? counted.unmeasurable : `${ms(counted.median)} (${counted.matched} lines)`}`,
      );
      const target = `<= ${ms(c.targetSeconds)}`;
      rows.push({
        measure: `search: ${c.name}, HTTP q=${c.q.length > 24 ? `${c.q.slice(0, 21)}...` : c.q}`,
        value: 'unmeasurable' in viaHttp ? viaHttp.unmeasurable : `${viaHttp.runs === 1 ? '1 run' : 'median'} ${ms(viaHttp.median)} (${viaHttp.lines} lines)`,
        target,
        met: 'unmeasurable' in viaHttp ? undefined : viaHttp.median <= c.targetSeconds,
      });
      rows.push({
        measure: `search: ${c.name}, the viewer's count beside the page (information), HTTP`,
        value: 'unmeasurable' in counted ? counted.unmeasurable : `median ${ms(counted.median)} (${counted.matched} matching lines)`,
      });
      rows.push({
        measure: `search: ${c.name}, compiled SQL (indexed) vs without indexes${today ? " vs today's q" : ''}`,
        value: `${ms(sql.median)} vs ${ms(unindexed.median)}${today ? ` vs ${ms(today.median)}` : ''} (${sql.lines} lines)`,
        target,
        met: sql.median <= c.targetSeconds,
      });
    }
  } finally {
    await client.end();
  }
  const s = data.sizes;
  rows.push({
    measure: `search index sizes, busy day (${int(data.busyDayLines)} lines, table ${mib(s.tableBytes)})`,
    value: `trigram ${mib(s.trigramBytes)} for ${mib(s.messageBytes)} of messages (${(s.trigramBytes / s.messageBytes).toFixed(2)}x); jsonb_path_ops ${mib(s.attributeIndexBytes)} for ${mib(s.attributeBytes)} of attributes`,
  });
  const buildMs = data.busyDayBuilds.reduce((sum, b) => sum + b.ms, 0);
  rows.push({
    measure: `maintenance job: index the busy closed day (${int(data.busyDayLines)} lines)`,
    value: data.busyDayBuilds.length
      ? `${(buildMs / 1000).toFixed(0)} s (${data.busyDayBuilds.map((b) => `${b.index.replace(/^log_lines_\d{8}_/, '')} ${(b.ms / 1000).toFixed(1)} s`).join(', ')})${data.busyDayBuilds.some((b) => b.earlier) ? ', measured in an earlier run' : ''}`
      : 'not built yet',
  });
  return { rows };
}
