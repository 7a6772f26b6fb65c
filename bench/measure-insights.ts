import './server-only';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { get, percentiles, type Load } from './load';
import { int, ms, say, type Row } from './report';
import type { ConsoleFixture } from './seed-console';
import { COMMON_WORD } from './measure-search';

// The viewer's volume chart and facets (issue #16) over the console's sharing
// installations: each over HTTP (median of 10, 1 client, after one unmeasured
// call), beside the raw SQL doing the same work on the lines themselves
// (count(*) per hour and level; every facet's GROUP BY over every matching
// line), which is what the portal avoids with the hourly statistics and the
// sample.

const RUNS = 10;
const RAW_RUNS = 3;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Case = { name: string; path: 'volume' | 'facets'; from: Date; to: Date; q?: string; targetSeconds?: number; raw?: () => string[] };

const window = `installation_id = ANY($1::text[]) AND ts >= $2 AND ts < $3`;
const rawVolume = () => [`SELECT date_trunc('hour', ts, 'UTC') AS hour, level, count(*) FROM log_lines WHERE ${window} GROUP BY 1, 2`];
const rawFacets = () => [
  `SELECT installation_id, level, app_version, module, "function", count(*) FROM log_lines WHERE ${window}
    GROUP BY GROUPING SETS ((installation_id), (level), (app_version), (module), ("function"))`,
  `SELECT k, count(*) FROM log_lines, jsonb_object_keys(CASE WHEN jsonb_typeof(attributes) = 'object' THEN attributes END) k WHERE ${window} GROUP BY k ORDER BY 2 DESC LIMIT 10`,
];

async function timeHttp(baseUrl: string, fixture: ConsoleFixture, c: Case): Promise<{ median: number; body: Record<string, unknown> }> {
  const load: Load = {
    url: `${baseUrl}/api/v1/apps/${fixture.appId}/logs/${c.path}?${new URLSearchParams({ from: c.from.toISOString(), to: c.to.toISOString(), ...(c.q ? { q: c.q } : {}) })}`,
    headers: { authorization: `Bearer ${fixture.token}` },
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const seconds: number[] = [];
    let body: Record<string, unknown> = {};
    for (let i = 0; i <= RUNS; i++) {
      const started = performance.now();
      const reply = await get(agent, load);
      const took = (performance.now() - started) / 1000;
      if (reply.status !== 200) throw new Error(`GET ${load.url}: ${reply.status} ${reply.body.slice(0, 300)}`);
      body = JSON.parse(reply.body) as Record<string, unknown>;
      if (i > 0) seconds.push(took);
    }
    return { median: percentiles(seconds).p50, body };
  } finally {
    agent.destroy();
  }
}

async function timeRaw(client: pg.Client, statements: string[], values: unknown[]): Promise<number> {
  const seconds: number[] = [];
  for (let i = 0; i < RAW_RUNS; i++) {
    const started = performance.now();
    for (const text of statements) await client.query(text, values);
    seconds.push((performance.now() - started) / 1000);
  }
  return percentiles(seconds).p50;
}

export async function measureInsights(options: { baseUrl: string; databaseUrl: string; fixture: ConsoleFixture; now?: Date }): Promise<{ rows: Row[] }> {
  const { fixture } = options;
  const now = options.now ?? new Date();
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const cases: Case[] = [
    { name: 'volume chart, last 24 hours', path: 'volume', from: ago(DAY), to: now, targetSeconds: 0.1, raw: rawVolume },
    { name: 'volume chart, last 7 days', path: 'volume', from: ago(7 * DAY), to: now, targetSeconds: 0.3, raw: rawVolume },
    { name: 'facets, last 24 hours', path: 'facets', from: ago(DAY), to: now, targetSeconds: 0.3, raw: rawFacets },
    // Without targets: how the other paths fare (lines counted under a search; facets of a week; a filter a sample sees rarely).
    { name: `volume chart, last 24 hours, q=${COMMON_WORD}`, path: 'volume', from: ago(DAY), to: now, q: COMMON_WORD },
    { name: 'facets, last 7 days', path: 'facets', from: ago(7 * DAY), to: now },
    { name: 'facets, last 7 days, q=attr.statusCode:502', path: 'facets', from: ago(7 * DAY), to: now, q: 'attr.statusCode:502' },
  ];
  say(`\nviewer chart and facets over the console's ${fixture.installationIds.length} sharing installations`);
  const rows: Row[] = [];
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    // A token of its own for the fixture's developer: another bench run's seed replaces the fixture's token while this one measures.
    const token = `lsk_${randomBytes(32).toString('base64url')}`;
    await client.query(
      `INSERT INTO api_tokens (id, user_id, name, token_hash, prefix) VALUES ('cbenchtokeninsights000001', $1, 'bench insights', $2, $3)
       ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, prefix = excluded.prefix, expires_at = NULL, revoked_at = NULL`,
      [fixture.userId, createHash('sha256').update(token).digest('hex'), token.slice(0, 12)],
    );
    const own = { ...fixture, token };
    for (const c of cases) {
      const viaHttp = await timeHttp(options.baseUrl, own, c);
      const raw = c.raw ? await timeRaw(client, c.raw(), [fixture.installationIds, c.from, c.to]) : undefined;
      const b = viaHttp.body;
      const what =
        c.path === 'volume'
          ? `${(b.buckets as unknown[]).length} buckets of ${int(Number(b.bucketSeconds) / 60)} min, ${int(Number(b.total))} lines, from ${String(b.countedFrom)}`
          : `${b.sampled ? 'sampled' : 'exact'}, ${int(Number(b.linesRead))} lines read for ${(b.matched as { exact: boolean }).exact ? '' : 'about '}${int((b.matched as { count: number }).count)} matching`;
      say(`  ${c.name}: HTTP median ${ms(viaHttp.median)} (${what})${raw === undefined ? '' : `; raw SQL over the lines ${ms(raw)} (median of ${RAW_RUNS})`}`);
      const target = c.targetSeconds === undefined ? undefined : `<= ${ms(c.targetSeconds)}`;
      rows.push({ measure: `${c.name}, HTTP`, value: `median ${ms(viaHttp.median)} (${what})`, target, met: c.targetSeconds === undefined ? undefined : viaHttp.median <= c.targetSeconds });
      if (raw !== undefined) {
        rows.push({ measure: `${c.name}, raw SQL over every line (${c.path === 'volume' ? 'count(*) per hour and level' : 'GROUP BY per field, attribute keys'})`, value: `median ${ms(raw)} of ${RAW_RUNS}` });
      }
    }
  } finally {
    await client.end();
  }
  return { rows };
}
