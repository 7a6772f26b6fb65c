import http from 'node:http';
import pg from 'pg';
import { dropDatabase, ensureDatabase } from '@/lib/db/databases';
import type { BenchConfig } from './config';
import { percentiles, post } from './load';
import { prepareDatabase } from './measure-ingest';
import { startPortal, type Portal } from './portal';
import { int, ms, printTable, say, type Row } from './report';
import { openSse, type SseClient, type SseEvent } from './sse-client';
import { addVendorDeveloper, endSharingAt, revoke, share } from './vendor-access';

// The live tail (GET /api/v1/apps/{appId}/logs/tail) of a portal on a fresh
// database of its own, for an app with three sharing installations:
// - under load: senders ingest through POST /api/v1/ingest at a paced 5,000+
//   lines/s for 20 s (every 25th line stamped up to two hours late) while one
//   tail counts what it receives against what ingest acknowledged, and the
//   lag from each ingest answer to the line's arrival. Beside it, in the same
//   run, a bare poller on a pg client doing the tail's work without HTTP,
//   Next.js or SSE: new journal rows since its last snapshot, with their
//   lines, one statement, looking again at once when it found some and after
//   the tail's 250 ms when not;
// - a revoke: a grant disabled by SQL on another connection ("another
//   server"), to the tail's `end` event; beside it a bare pg client
//   LISTENing on the channel the grants' trigger NOTIFYs, for the same
//   UPDATE: the floor of "a revoke reaches another connection";
// - an end date: a grant's expires_at set 2 s ahead, to the `end` event;
//   beside it a bare setTimeout for the same instant.
// Prints; asserts nothing.

const SECONDS = 20;
const SENDERS_PER_SITE = 2;
const BATCHES_PER_SECOND = 5;
/** x 5 a second x 2 senders x 3 sites = 5,250 lines/s scheduled: a little over the promise, as a late batch is sent at once but not made up. */
const LINES_PER_BATCH = 175;
const REVOKES = 5;
const END_DATES = 3;
const END_DATE_AHEAD_MS = 2_000;
const POLL_MS = 250;
const TARGET_SECONDS = 0.5;
const CHANNEL = 'logshare_log_access';
const HOUR = 3_600_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Arrivals = { first: Map<string, number>; duplicates: number };

function arrivals(): Arrivals {
  return { first: new Map(), duplicates: 0 };
}

function arrive(into: Arrivals, message: string, at: number) {
  if (into.first.has(message)) into.duplicates++;
  else into.first.set(message, at);
}

/** Lag of each acknowledged line (ms; 0 when it arrived before its batch's answer did), and how many never arrived. */
function lags(sent: Map<string, number>, got: Arrivals) {
  const values: number[] = [];
  let missing = 0;
  for (const [message, acknowledged] of sent) {
    const at = got.first.get(message);
    if (at === undefined) missing++;
    else values.push(Math.max(0, at - acknowledged) / 1000);
  }
  return { values, missing };
}

async function sendPaced(portal: Portal, secret: string, installationIds: string[], sent: Map<string, number>): Promise<{ seconds: number; failures: string[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: installationIds.length * SENDERS_PER_SITE });
  const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/x-ndjson' };
  const failures: string[] = [];
  const started = performance.now();
  const senders = installationIds.flatMap((id, s) => Array.from({ length: SENDERS_PER_SITE }, (_, k) => ({ id, name: `s${s}k${k}` })));
  await Promise.all(
    senders.map(async ({ id, name }) => {
      for (let batch = 0; batch < SECONDS * BATCHES_PER_SECOND; batch++) {
        const due = started + (batch * 1000) / BATCHES_PER_SECOND;
        if (performance.now() < due) await sleep(due - performance.now());
        const now = Date.now();
        const lines = Array.from({ length: LINES_PER_BATCH }, (_, i) => ({
          installationId: id,
          timestamp: new Date(i % 25 === 7 ? now - Math.floor(Math.random() * 2 * HOUR) : now - Math.floor(Math.random() * 3000)).toISOString(),
          level: 'info',
          message: `tail ${name} b${batch} l${i}`,
        }));
        const reply = await post(agent, `${portal.baseUrl}/api/v1/ingest`, headers, lines.map((l) => JSON.stringify(l)).join('\n')).catch((error: unknown) => ({ status: 0, body: String(error) }));
        const acknowledged = performance.now();
        if (reply.status !== 200 || (JSON.parse(reply.body) as { accepted?: number }).accepted !== LINES_PER_BATCH) {
          failures.push(`${reply.status} ${reply.body.slice(0, 200)}`);
          continue;
        }
        for (const line of lines) sent.set(line.message, acknowledged);
      }
    }),
  );
  agent.destroy();
  return { seconds: (performance.now() - started) / 1000, failures };
}

/** The tail's work on a bare pg client: what the journal says was written since the last look, with its lines; see lib/logs/tail-logs.ts. */
function barePoller(url: string, installationIds: string[], got: Arrivals) {
  const client = new pg.Client({ connectionString: url });
  let running = true;
  const done = (async () => {
    await client.connect();
    let snapshot = (await client.query<{ s: string }>('SELECT pg_current_snapshot()::text AS s')).rows[0]!.s;
    while (running) {
      const { rows } = await client.query<{ snapshot: string; messages: string[] }>({
        name: 'bare-tail-look',
        text: `SELECT pg_current_snapshot()::text AS snapshot, coalesce(array_agg(l.message) FILTER (WHERE l.message IS NOT NULL), '{}') AS messages
                 FROM (SELECT 1) AS look
                 LEFT JOIN log_line_writes w
                   ON w.installation_id = ANY($2::text[])
                  AND w.xact_id >= pg_snapshot_xmin($1::pg_snapshot)::text::bigint
                  AND NOT pg_visible_in_snapshot(w.xact_id::text::xid8, $1::pg_snapshot)
                 LEFT JOIN LATERAL (SELECT l.message FROM log_lines l
                                     WHERE l.installation_id = w.installation_id AND l.ts BETWEEN w.first_ts AND w.last_ts AND l.xmin = w.xmin) AS l ON true`,
        values: [snapshot, installationIds],
      });
      const at = performance.now();
      snapshot = rows[0]!.snapshot;
      const messages = rows[0]!.messages;
      for (const message of messages) arrive(got, message, at);
      if (messages.length === 0) await sleep(POLL_MS);
    }
  })();
  return {
    async stop() {
      running = false;
      await done.finally(() => client.end());
    },
  };
}

async function openTail(portal: Portal, appId: string, token: string, options: Parameters<typeof openSse>[2] = {}): Promise<SseClient> {
  const tail = await openSse(`${portal.baseUrl}/api/v1/apps/${appId}/logs/tail`, { authorization: `Bearer ${token}` }, options);
  if (!(await tail.next((e) => e.event === 'ready', 10_000))) throw new Error('the tail did not get ready');
  return tail;
}

type Seen = ReturnType<typeof lags> & { received: number; duplicates: number };
type Load = { sent: number; seconds: number; failures: string[]; tail: Seen & { gaps: number }; bare: Seen };

async function measureLoad(url: string, portal: Portal, appId: string, token: string, secret: string, ids: string[]): Promise<Load> {
  const got = arrivals();
  const bareGot = arrivals();
  let gaps = 0;
  const tail = await openTail(portal, appId, token, {
    keep: (e) => e.event !== 'lines',
    onEvent: (e: SseEvent) => {
      if (e.event === 'gap') gaps++;
      if (e.event === 'lines') for (const line of e.data as { message: string }[]) arrive(got, line.message, e.at);
    },
  });
  const bare = barePoller(url, ids, bareGot);
  const sent = new Map<string, number>();
  const sending = await sendPaced(portal, secret, ids, sent);
  // Until both have every acknowledged line, or nothing new came for 10 s.
  for (let last = -1, quietSince = performance.now(); performance.now() - quietSince < 10_000; await sleep(100)) {
    const seen = got.first.size + bareGot.first.size;
    if (got.first.size >= sent.size && bareGot.first.size >= sent.size) break;
    if (seen !== last) [last, quietSince] = [seen, performance.now()];
  }
  tail.close();
  await bare.stop();
  return {
    sent: sent.size,
    seconds: sending.seconds,
    failures: sending.failures,
    tail: { ...lags(sent, got), received: got.first.size, duplicates: got.duplicates, gaps },
    bare: { ...lags(sent, bareGot), received: bareGot.first.size, duplicates: bareGot.duplicates },
  };
}

/** A LISTEN on the grants' channel: when each installation was last announced. */
async function bareListener(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const heard: { id: string; at: number }[] = [];
  client.on('notification', (n) => heard.push({ id: n.payload ?? '', at: performance.now() }));
  await client.query(`LISTEN ${CHANNEL}`);
  return {
    async heardAfter(id: string, since: number, timeoutMs: number): Promise<number | null> {
      for (const deadline = performance.now() + timeoutMs; performance.now() < deadline; await sleep(2)) {
        const found = heard.find((h) => h.id === id && h.at >= since);
        if (found) return found.at;
      }
      return null;
    },
    end: () => client.end(),
  };
}

type Ends = { tail: (number | null)[]; bare: (number | null)[] };

async function measureRevokes(url: string, portal: Portal, appId: string, token: string, ids: string[]): Promise<Ends> {
  const elsewhere = new pg.Client({ connectionString: url });
  await elsewhere.connect();
  const listener = await bareListener(url);
  const result: Ends = { tail: [], bare: [] };
  try {
    for (let round = 0; round < REVOKES; round++) {
      const id = ids[round % ids.length]!;
      const tail = await openTail(portal, appId, token);
      const started = performance.now();
      await revoke(elsewhere, id);
      const [end, heard] = await Promise.all([tail.next((e) => e.event === 'end', 5_000), listener.heardAfter(id, started, 5_000)]);
      result.tail.push(end ? (end.at - started) / 1000 : null);
      result.bare.push(heard === null ? null : (heard - started) / 1000);
      tail.close();
      await share(elsewhere, id);
    }
  } finally {
    await listener.end();
    await elsewhere.end();
  }
  return result;
}

/** Seconds from each grant's end date to the tail's end (negative: before it), and a bare timer's for the same instants. */
async function measureEndDates(url: string, portal: Portal, appId: string, token: string, ids: string[]): Promise<Ends> {
  const elsewhere = new pg.Client({ connectionString: url });
  await elsewhere.connect();
  const result: Ends = { tail: [], bare: [] };
  try {
    for (let round = 0; round < END_DATES; round++) {
      const id = ids[round % ids.length]!;
      const tail = await openTail(portal, appId, token);
      const until = Date.now() + END_DATE_AHEAD_MS;
      const timer = new Promise<number>((resolve) => setTimeout(() => resolve(Date.now()), until - Date.now()));
      await endSharingAt(elsewhere, id, new Date(until));
      const [end, fired] = await Promise.all([tail.next((e) => e.event === 'end', END_DATE_AHEAD_MS + 5_000), timer]);
      result.tail.push(end ? (end.wallAt - until) / 1000 : null);
      result.bare.push((fired - until) / 1000);
      tail.close();
      await share(elsewhere, id);
    }
  } finally {
    await elsewhere.end();
  }
  return result;
}

export async function measureTail(config: BenchConfig): Promise<Row[]> {
  const server = new URL(config.databaseUrl);
  const name = `${config.databaseName}_tail`;
  say(`\nlive tail: ${SECONDS} s of ingest at ${int(3 * SENDERS_PER_SITE * BATCHES_PER_SECOND * LINES_PER_BATCH)} lines/s over 3 sharing sites, database ${name}`);
  await dropDatabase(server.toString(), name);
  const url = await ensureDatabase(server.toString(), name);
  const { ids, secret } = await prepareDatabase(url, 3);
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  const token = await addVendorDeveloper(setup);
  for (const id of ids) await share(setup, id);
  await setup.end();

  // The portal inherits the environment: lift the ingest rate limit for the bench token.
  process.env.INGEST_REQUESTS_PER_MINUTE = '100000000';
  const portal = await startPortal({ databaseUrl: url, distDir: config.distDir });
  let load: Load, revokes: Ends, endDates: Ends;
  try {
    load = await measureLoad(url, portal, 'bi_app', token, secret, ids);
    revokes = await measureRevokes(url, portal, 'bi_app', token, ids);
    endDates = await measureEndDates(url, portal, 'bi_app', token, ids);
  } finally {
    await portal.stop();
  }
  await dropDatabase(server.toString(), name);
  return tailRows(load, revokes, endDates);
}

const seconds = (values: (number | null)[]) => values.map((v) => (v === null ? 'none' : ms(v))).join(', ');
const worst = (values: (number | null)[]) => (values.some((v) => v === null) ? Infinity : Math.max(...(values as number[])));
const lagValue = (l: ReturnType<typeof lags>) => {
  const p = percentiles(l.values);
  return `p50 ${ms(p.p50)}, p95 ${ms(p.p95)}, max ${ms(Math.max(...l.values))}`;
};

function tailRows(load: Load, revokes: Ends, endDates: Ends): Row[] {
  const everyOnce = load.tail.missing === 0 && load.tail.duplicates === 0 && load.tail.gaps === 0 && load.failures.length === 0;
  const tailP95 = percentiles(load.tail.values).p95;
  const earliestEnd = Math.min(...endDates.tail.map((v) => v ?? Infinity));
  return [
    {
      measure: 'ingest while tailing, paced',
      value: `${int(load.sent)} lines acknowledged in ${load.seconds.toFixed(1)} s (${int(load.sent / load.seconds)} lines/s)${load.failures.length ? `; ${load.failures.length} batches failed: ${load.failures[0]}` : ''}`,
      target: '>= 5,000 lines/s',
      met: load.sent / load.seconds >= 5_000,
    },
    {
      measure: 'live tail: lines received',
      value: `${int(load.tail.received)} of ${int(load.sent)}, missing ${int(load.tail.missing)}, twice ${int(load.tail.duplicates)}, gap events ${load.tail.gaps}`,
      target: 'all, each once',
      met: everyOnce,
    },
    { measure: 'bare poller (pg client, same SQL work): lines seen', value: `${int(load.bare.received)} of ${int(load.sent)}, missing ${int(load.bare.missing)}, twice ${int(load.bare.duplicates)}` },
    { measure: 'live tail: lag after the ingest answer', value: lagValue(load.tail), target: 'p95 < 500 ms', met: tailP95 < TARGET_SECONDS },
    { measure: `bare poller every ${POLL_MS} ms: lag after the ingest answer`, value: lagValue(load.bare) },
    { measure: `live tail: revoke on another connection to end, ${REVOKES} times`, value: seconds(revokes.tail), target: '<= 500 ms', met: worst(revokes.tail) <= TARGET_SECONDS },
    { measure: 'bare LISTEN: the same revokes to the NOTIFY', value: seconds(revokes.bare) },
    {
      measure: `live tail: end date to end, ${END_DATES} times`,
      value: seconds(endDates.tail),
      target: '0-500 ms after',
      met: earliestEnd >= 0 && worst(endDates.tail) <= TARGET_SECONDS,
    },
    { measure: 'bare setTimeout for the same instants', value: seconds(endDates.bare) },
  ];
}

/** `BENCH_ONLY=tail npm run bench`: this measure alone. */
export async function runTailBench(config: BenchConfig) {
  printTable(await measureTail(config));
}
