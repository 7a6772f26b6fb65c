import pg from 'pg';
import { getJson, type Session } from './http-client';

// The download preview's summary over a long range, through the portal (hourly
// rollup plus the two partial hours) and, for comparison, what counting the
// lines themselves costs the database.

export type Timings = { median: number; max: number; runs: number };
export type SummaryResult = { http: Timings; raw: Timings; httpTotal: number; rawTotal: number };

const CALLS = 10;

function timings(seconds: number[]): Timings {
  const sorted = [...seconds].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, max: sorted.at(-1) as number, runs: sorted.length };
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [(performance.now() - started) / 1000, value];
}

export async function measureSummary(options: { session: Session; databaseUrl: string; installationId: string; from: Date; to: Date }): Promise<SummaryResult> {
  const { session, installationId, from, to } = options;
  const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
  const path = `/api/v1/installations/${installationId}/logs/summary?${query}`;
  const httpSeconds: number[] = [];
  let httpTotal = 0;
  for (let i = 0; i < CALLS; i++) {
    const [seconds, body] = await timed(() => getJson<{ totalLines: number }>(session, path));
    httpSeconds.push(seconds);
    httpTotal = body.totalLines;
  }

  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const rawSeconds: number[] = [];
  let rawTotal = 0;
  try {
    for (let i = 0; i < CALLS; i++) {
      const [seconds, result] = await timed(() =>
        client.query<{ level: string; lines: string }>(
          'SELECT level, count(*) AS lines FROM log_lines WHERE installation_id = $1 AND ts >= $2 AND ts < $3 GROUP BY level',
          [installationId, from, to],
        ),
      );
      rawSeconds.push(seconds);
      rawTotal = result.rows.reduce((sum, row) => sum + Number(row.lines), 0);
    }
  } finally {
    await client.end();
  }
  return { http: timings(httpSeconds), raw: timings(rawSeconds), httpTotal, rawTotal };
}
