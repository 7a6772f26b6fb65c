import './server-only';
import http from 'node:http';
import pg from 'pg';
import { messageTemplate } from '@/lib/patterns/message-template';
import { templateRegex } from '@/lib/patterns/template-regex';
import type { AppPatterns } from '@/lib/console/read-app-patterns';
import { get, percentiles } from './load';
import { int, ms, say, type Row } from './report';
import type { ConsoleFixture } from './seed-console';

// The Patterns tab (issue #16) over the busy installation's busy day: the
// API over HTTP (median of 10, 1 client; fewer runs when one takes seconds),
// beside the SQL reads of the same messages (all of them, and the sample the
// portal reads), the templating rate in this process, and how far the
// sampled counts of the top patterns are from count(*) of their pattern: terms.

const RUNS = 10;
const SLOW_SECONDS = 3;
const TARGET_SECONDS = 1;

type Slice = { installationId: string; from: Date; to: Date; lines: number };

async function median(run: () => Promise<unknown>, runs: number): Promise<{ median: number; runs: number }> {
  const seconds: number[] = [];
  await run(); // warm-up, not measured
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    const took = (performance.now() - started) / 1000;
    seconds.push(took);
    if (took > SLOW_SECONDS && i >= 2) break;
  }
  return { median: percentiles(seconds).p50, runs: seconds.length };
}

export async function measurePatterns(options: { baseUrl: string; databaseUrl: string; fixture: ConsoleFixture; busy: Slice }): Promise<Row[]> {
  const { busy, fixture } = options;
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const { rows: [site] } = await client.query<{ url: string; environment: string }>(
      'SELECT s.url, lower(i.environment::text) AS environment FROM installations i JOIN sites s ON s.id = i.site_id WHERE i.id = $1',
      [busy.installationId],
    );
    if (!site) throw new Error('the busy installation is missing');
    say(`\npatterns over the busy installation's busy day (${busy.from.toISOString()} .. ${busy.to.toISOString()}, ${int(busy.lines)} lines)`);

    const url = `${options.baseUrl}/api/v1/apps/${fixture.appId}/logs/patterns?${new URLSearchParams({ from: busy.from.toISOString(), to: busy.to.toISOString(), site: site.url, environment: site.environment, top: '50' })}`;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let answer: AppPatterns | undefined;
    const viaHttp = await median(async () => {
      const reply = await get(agent, { url, headers: { authorization: `Bearer ${fixture.token}` } });
      if (reply.status !== 200) throw new Error(`GET ${url}: ${reply.status} ${reply.body.slice(0, 300)}`);
      answer = JSON.parse(reply.body) as AppPatterns;
    }, RUNS);
    agent.destroy();
    if (!answer) throw new Error('no answer');
    const read = answer.sample ? `a ${(answer.sample.fraction * 100).toFixed(1)}% sample, ${int(answer.sample.linesRead)} lines read` : 'every line read';
    say(`  HTTP: median ${ms(viaHttp.median)} of ${viaHttp.runs} (about ${int(answer.lines)} lines, ${read}; ${answer.distinctTemplates} templates; server ${answer.tookMs} ms)`);

    const where = 'l.installation_id = $1 AND l.ts >= $2 AND l.ts < $3';
    const values = [busy.installationId, busy.from, busy.to];
    const all = await median(() => client.query({ text: `SELECT l.message, l.level, l.ts FROM log_lines l WHERE ${where}`, values, rowMode: 'array' }), 3);
    say(`  SQL, every message of the day (${int(busy.lines)} rows to this process): median ${ms(all.median)} of ${all.runs}`);
    const fraction = answer.sample?.fraction ?? 1;
    let sampled: string[] = [];
    const sample = await median(async () => {
      const result = await client.query<[string]>({ text: `SELECT l.message, l.level, l.ts FROM log_lines l TABLESAMPLE SYSTEM ($4) REPEATABLE (0) WHERE ${where}`, values: [...values, fraction * 100], rowMode: 'array' });
      sampled = result.rows.map((r) => r[0]);
    }, RUNS);
    say(`  SQL, the sample the portal reads (${int(sampled.length)} rows): median ${ms(sample.median)} of ${sample.runs}`);
    const started = performance.now();
    for (const message of sampled) messageTemplate(message);
    const rate = sampled.length / ((performance.now() - started) / 1000);
    say(`  templating in this process: ${int(rate)} lines/s`);

    // How close "about" is: the top patterns' sampled counts against count(*) of their pattern: terms.
    const errors: string[] = [];
    for (const p of answer.patterns.slice(0, 3)) {
      const { rows: [exact] } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM log_lines l WHERE ${where} AND l.message ~ $4`, [...values, templateRegex(p.template)]);
      const error = exact!.n ? (p.count - exact!.n) / exact!.n : 0;
      errors.push(`${(error * 100).toFixed(1)}%`);
      say(`  "${p.template.slice(0, 60)}": about ${int(p.count)}, count(*) ${int(exact!.n)} (${(error * 100).toFixed(1)}%)`);
    }
    return [
      {
        measure: `patterns: busy installation's 24 hours (${int(busy.lines)} lines), HTTP`,
        value: `median ${ms(viaHttp.median)} of ${viaHttp.runs} (${read})`,
        target: `<= ${ms(TARGET_SECONDS)}`,
        met: viaHttp.median <= TARGET_SECONDS,
      },
      { measure: 'patterns: SQL read of every message vs of the sample', value: `${ms(all.median)} vs ${ms(sample.median)}` },
      { measure: 'patterns: templating rate; top 3 sampled counts vs count(*)', value: `${int(rate)} lines/s; ${errors.join(', ')}` },
    ];
  } finally {
    await client.end();
  }
}
