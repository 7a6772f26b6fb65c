import './server-only';
import http from 'node:http';
import os from 'node:os';
import pg from 'pg';
import { lineContextStatement } from '@/lib/console/read-line-context';
import { encodeLineRef } from '@/lib/logs/line-ref';
import { oldestKeptInstant } from '@/lib/logs/log-range';
import { get, percentiles } from './load';
import { ms, say, type Row } from './report';
import type { ConsoleFixture } from './seed-console';

// A line's surrounding lines (issue #16): GET /api/v1/apps/{appId}/logs/lines/{lineRef}/context?before=25&after=25
// over HTTP with an API token, 1 client, median of 10 anchors spread over the
// busy installation's busy day; beside it the same statement in pg (median of 10).

const RUNS = 10;
const AROUND = 25;
const TARGET_SECONDS = 0.02;

type Anchor = { ts: Date; id: string };

async function anchorsOf(client: pg.Client, installationId: string, day: Date): Promise<Anchor[]> {
  const anchors: Anchor[] = [];
  for (let i = 0; i < RUNS; i++) {
    const at = new Date(day.getTime() + ((i + 0.5) * 86_400_000) / RUNS);
    const { rows } = await client.query<Anchor>('SELECT ts, id::text AS id FROM log_lines WHERE installation_id = $1 AND ts >= $2 ORDER BY ts, id LIMIT 1', [installationId, at]);
    if (rows[0]) anchors.push(rows[0]);
  }
  return anchors;
}

export async function measureContext(options: { baseUrl: string; databaseUrl: string; fixture: ConsoleFixture; installationId: string; day: Date; retentionDays: number }): Promise<Row[]> {
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const anchors = await anchorsOf(client, options.installationId, options.day);
    const refOf = (a: Anchor) => encodeLineRef({ installationId: options.installationId, ts: a.ts, id: a.id });
    const url = (a: Anchor) => `${options.baseUrl}/api/v1/apps/${options.fixture.appId}/logs/lines/${refOf(a)}/context?before=${AROUND}&after=${AROUND}`;
    const headers = { authorization: `Bearer ${options.fixture.token}` };
    say(`\nsurrounding lines: ${AROUND} before and after ${anchors.length} lines of ${options.installationId} on ${options.day.toISOString().slice(0, 10)}`);

    // One call first: the route's first request compiles and connects.
    const probe = await get(agent, { url: url(anchors[0]!), headers });
    if (probe.status !== 200) throw new Error(`the context API answered ${probe.status}: ${probe.body.slice(0, 200)}`);
    const httpSeconds: number[] = [];
    const serverSeconds: number[] = [];
    let lines = 0;
    for (const anchor of anchors) {
      const started = performance.now();
      const reply = await get(agent, { url: url(anchor), headers });
      httpSeconds.push((performance.now() - started) / 1000);
      if (reply.serverTiming !== undefined) serverSeconds.push(reply.serverTiming);
      if (reply.status !== 200) throw new Error(`the context API answered ${reply.status}`);
      lines = (JSON.parse(reply.body) as { lines: unknown[] }).lines.length;
    }

    const since = oldestKeptInstant(options.retentionDays, new Date());
    const sqlSeconds: number[] = [];
    for (const anchor of anchors) {
      const started = performance.now();
      await client.query(lineContextStatement({ installationId: options.installationId, ts: anchor.ts, id: anchor.id }, since, { before: AROUND, after: AROUND }));
      sqlSeconds.push((performance.now() - started) / 1000);
    }
    // What PostgreSQL itself spends (planning and execution), apart from the round trip and the machine's load.
    const insideSeconds: number[] = [];
    for (const anchor of anchors) {
      const statement = lineContextStatement({ installationId: options.installationId, ts: anchor.ts, id: anchor.id }, since, { before: AROUND, after: AROUND });
      const { rows } = await client.query<{ 'QUERY PLAN': [{ 'Planning Time': number; 'Execution Time': number }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`, statement.values);
      const plan = rows[0]!['QUERY PLAN'][0];
      insideSeconds.push((plan['Planning Time'] + plan['Execution Time']) / 1000);
    }
    const [httpMedian, serverMedian, sqlMedian, insideMedian] = [httpSeconds, serverSeconds, sqlSeconds, insideSeconds].map((s) => percentiles(s).p50) as [number, number, number, number];
    const load = os.loadavg()[0]!.toFixed(1);
    say(`  HTTP: median ${ms(httpMedian)} (server ${ms(serverMedian)}), ${lines} lines; the same SQL in pg: median ${ms(sqlMedian)}, of which PostgreSQL's planning and execution ${ms(insideMedian)}; load average ${load}`);
    return [
      { measure: `surrounding lines (${AROUND}+${AROUND}), HTTP (median of ${anchors.length})`, value: `${ms(httpMedian)} (server ${ms(serverMedian)}, ${lines} lines)`, target: `<= ${ms(TARGET_SECONDS)}`, met: httpMedian <= TARGET_SECONDS },
      { measure: 'same, its SQL in pg (median of 10)', value: `${ms(sqlMedian)}; PostgreSQL's planning + execution ${ms(insideMedian)} (load average ${load})` },
    ];
  } finally {
    agent.destroy();
    await client.end();
  }
}
