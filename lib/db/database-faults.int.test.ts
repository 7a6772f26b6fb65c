import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as health } from '@/app/api/health/route';
import { POST as ingest } from '@/app/api/v1/ingest/route';
import { POST as otlpIngest } from '@/app/api/otlp/v1/logs/route';
import { otlpProtobufBody } from '@/lib/test-support/otlp-bodies';
import { otlpMessages } from '@/lib/ingest/otlp-proto-schema';
import { serveRoute, type ServedRoute } from '@/lib/test-support/serve-route';
import { createPool, processDb } from '@/lib/db/client';
import { ensureDatabase } from '@/lib/db/databases';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@/lib/db/embedded-postgres';
import { migrate } from '@/lib/db/migrate';
import { db, pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { streamLogExport } from '@/lib/logs/export-logs';
import { stopPortal } from '@/scripts/lib/stop-portal';
import { installationId } from '@/lib/test-support/demo-lookups';
import { ndjson, newIngestToken } from '@/lib/test-support/ingest';

// The database failing under the portal, on an embedded PostgreSQL of the
// test's own (so it can be killed): a connection terminated mid-request,
// postgres killed under a load of ingest batches (supervised, it comes back;
// the portal recovers without a restart and no acknowledged line is lost or
// stored twice), and the portal stopping within its bound.

type Answer = { status: number; retryAfter: string | null; body: string; bytes: Buffer };

function post(url: string, body: string | Buffer, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: response.statusCode!, retryAfter: response.headers['retry-after'] ?? null, body: bytes.toString(), bytes });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the database failing under the portal', () => {
  let database: EmbeddedDatabase;
  let dataRoot: string;
  let url: string;
  let admin: pg.Pool;
  let ingestRoute: ServedRoute;
  let otlpRoute: ServedRoute;
  let healthRoute: ServedRoute;
  let secret: string;
  let tokenId: string;
  let acme: string;

  beforeAll(async () => {
    // Restarted 1.5 s after it dies, so the outage is long enough to be seen.
    dataRoot = await mkdtemp(path.join(os.tmpdir(), 'logshare-faults-'));
    database = await startEmbeddedPostgres(dataRoot, { restartDelayMs: 1_500 });
    url = await ensureDatabase(database.url, 'faults');
    await migrate(url);
    await seedDemo({ databaseUrl: url, totalLogLines: 20 });
    // The route handlers' pool and Prisma client are the process's: point them at this database.
    processDb.logsharePool = createPool(url);
    processDb.logsharePrisma = undefined;
    admin = createPool(url, 2);
    acme = await installationId('Timesheet Pro', 'acme.atlassian.net');
    const created = await newIngestToken('Timesheet Pro');
    secret = created.secret;
    tokenId = created.token.id;
    ingestRoute = await serveRoute(ingest);
    otlpRoute = await serveRoute(otlpIngest);
    healthRoute = await serveRoute(health);
  });
  afterAll(async () => {
    await ingestRoute?.close();
    await otlpRoute?.close();
    await healthRoute?.close();
    await admin?.end().catch(() => undefined);
    await database?.stop();
    if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
  });

  const batch = (marker: string, lines = 5) =>
    ndjson(Array.from({ length: lines }, (_, i) => ({ installationId: acme, timestamp: new Date(Date.now() - 60_000).toISOString(), level: 'info', message: `${marker} line ${i}` })));
  const storedLines = async (marker: string) =>
    Number((await admin.query<{ n: string }>('SELECT count(*) AS n FROM log_lines WHERE message LIKE $1', [`${marker} %`])).rows[0]!.n);

  it('gives every pooled connection its statement, lock and idle-transaction timeouts', async () => {
    const { rows } = await pgPool().query<{ statement: string; lock: string; idle: string }>(
      `SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock,
              current_setting('idle_in_transaction_session_timeout') AS idle`,
    );
    expect(rows[0]).toEqual({ statement: '30s', lock: '5s', idle: '1min' });
  });

  // The same request through both HTTP ingest routes: NDJSON, and OTLP/HTTP protobuf, whose failures are a google.rpc.Status.
  const routes = {
    ndjson: {
      url: () => ingestRoute.url,
      body: (marker: string) => batch(marker),
      headers: {},
      refusal: (answer: Answer) => (JSON.parse(answer.body) as { error: { code: string } }).error.code,
    },
    'OTLP protobuf': {
      url: () => otlpRoute.url,
      body: (marker: string) =>
        otlpProtobufBody(
          Array.from({ length: 5 }, (_, i) => ({
            installationId: acme,
            timestamp: new Date(Date.now() - 60_000).toISOString(),
            level: 'INFO',
            message: `${marker} line ${i}`,
            traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
            invocationId: `inv-${i}`,
            module: 'resolvers',
            function: 'getIssue',
          })),
        ),
      headers: { 'content-type': 'application/x-protobuf' },
      // google.rpc.Code 14: UNAVAILABLE, which an exporter retries.
      refusal: (answer: Answer) => (otlpMessages.status.toObject(otlpMessages.status.decode(answer.bytes)).code === 14 ? 'unavailable' : 'other'),
    },
  };

  it.each(Object.keys(routes) as (keyof typeof routes)[])('answers %s with 503 and Retry-After when its connection is terminated mid-request, and the retry is stored once', async (name) => {
    const route = routes[name];
    const key = `held-${randomUUID()}`;
    const marker = `terminated-${randomUUID()}`;
    // Another transaction holds the same Idempotency-Key, so the request waits inside its own transaction.
    const holder = await admin.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`INSERT INTO idempotency_keys (token_id, key, request_hash, response_status, response_body) VALUES ($1, $2, 'x', 200, '{}')`, [tokenId, key]);
      const answer = post(route.url(), route.body(marker), { authorization: `Bearer ${secret}`, 'idempotency-key': key, ...route.headers });
      let victim = 0;
      await waitFor('the request to wait for the key', async () => {
        const { rows } = await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO idempotency_keys%' AND pid <> pg_backend_pid()`,
        );
        victim = rows[0]?.pid ?? 0;
        return victim !== 0;
      });
      await admin.query('SELECT pg_terminate_backend($1)', [victim]);
      const refused = await answer;
      expect(refused.status).toBe(503);
      expect(refused.retryAfter).toMatch(/^\d+$/);
      expect(route.refusal(refused)).toBe('unavailable');
      await holder.query('ROLLBACK');
    } finally {
      holder.release();
    }
    // The process lives on, and the retry goes through.
    const retried = await post(route.url(), route.body(marker), { authorization: `Bearer ${secret}`, 'idempotency-key': key, ...route.headers });
    expect(retried.status).toBe(200);
    expect(await storedLines(marker)).toBe(5);
  });

  it('recovers by itself after PostgreSQL is killed under load, answering 503 meanwhile and losing or doubling no acknowledged line', async () => {
    const statuses = new Map<number, number>();
    const acknowledged: string[] = [];
    let retryAfterOn503 = true;
    const send = async (marker: string) => {
      const key = `restart-${marker}`;
      for (;;) {
        const answer = await post(ingestRoute.url, batch(marker), { authorization: `Bearer ${secret}`, 'idempotency-key': key }).catch(() => null);
        const status = answer?.status ?? 0;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 503 && !answer?.retryAfter) retryAfterOn503 = false;
        if (status === 200) return void acknowledged.push(marker);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    expect(await db().ingestToken.count()).toBeGreaterThan(0); // Prisma connected before the outage
    const run = randomUUID().slice(0, 8);
    const sender = async (n: number) => {
      for (let i = 0; i < 25; i++) await send(`r${run}-s${n}-b${i}`);
    };
    const load = Promise.all([0, 1, 2, 3].map(sender));

    // Mid-way, postgres dies the hard way; its supervisor brings it back after 1.5 s.
    await waitFor('some batches to be stored', () => acknowledged.length >= 20);
    const killed = database.pid()!;
    process.kill(killed, 'SIGKILL');
    await waitFor('health to report the outage', async () => {
      const answer = await fetch(`${healthRoute.url}/api/health`);
      return answer.status === 503;
    });
    await waitFor('postgres to be back', () => database.pid() !== undefined && database.pid() !== killed, 30_000);
    await load;

    expect(statuses.get(500) ?? 0).toBe(0);
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
    expect(retryAfterOn503).toBe(true);
    expect(acknowledged).toHaveLength(100);
    // Every acknowledged batch is stored exactly once.
    const { rows } = await admin.query<{ marker: string; n: string }>(
      `SELECT split_part(message, ' ', 1) AS marker, count(*) AS n FROM log_lines WHERE message LIKE $1 GROUP BY 1`,
      [`r${run}-%`],
    );
    expect(rows).toHaveLength(100);
    expect(rows.every((r) => r.n === '5')).toBe(true);
    // And the portal answers as before, without having been restarted, through Prisma too.
    expect((await fetch(`${healthRoute.url}/api/health`)).status).toBe(200);
    expect(await db().ingestToken.count()).toBeGreaterThan(0);
  });

  it('answers a burst of 100 concurrent batches with 200 or 503 and Retry-After, never 500, and stores exactly what it acknowledged', async () => {
    const burst = await newIngestToken('Timesheet Pro');
    const run = randomUUID().slice(0, 8);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => post(ingestRoute.url, batch(`b${run}-${i}`, 50), { authorization: `Bearer ${burst.secret}` }).then((a) => ({ ...a, i }))),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(answers.filter((a) => a.status === 503).every((a) => a.retryAfter !== null)).toBe(true);
    const stored = await admin.query<{ marker: string; n: string }>(
      `SELECT split_part(message, ' ', 1) AS marker, count(*) AS n FROM log_lines WHERE message LIKE $1 GROUP BY 1`,
      [`b${run}-%`],
    );
    expect(stored.rows.map((r) => r.marker).sort()).toEqual(answers.filter((a) => a.status === 200).map((a) => `b${run}-${a.i}`).sort());
    expect(stored.rows.every((r) => r.n === '50')).toBe(true);
  });

  it('stops with a download in flight and an idle keep-alive connection open, postgres included, cutting the download off', async () => {
    const export_ = await serveRoute(async () =>
      new Response(
        await streamLogExport(
          {
            sources: [{ installationId: acme, site: 'acme.atlassian.net', environment: 'PRODUCTION' }],
            from: new Date(Date.now() - 86_400_000),
            to: new Date(),
            format: 'ndjson',
            mask: false,
          },
          async () => undefined,
        ),
      ),
    );
    // A big enough file that the client, not reading, holds the download open.
    await admin.query(
      `INSERT INTO log_lines (installation_id, ts, level, message, pii_kinds, plain_ids, plain_message)
       SELECT $1, now() - interval '1 minute' - g * interval '1 ms', 'INFO', repeat('y', 500), 0, true, true FROM generate_series(1, 40000) g`,
      [acme],
    );
    const agent = new http.Agent({ keepAlive: true });
    await fetch(`${healthRoute.url}/api/health`); // leaves a keep-alive connection behind (undici's pool)
    let resumeClient!: () => void;
    const download = new Promise<string>((resolve) => {
      http.get(export_.url, { agent }, (response) => {
        response.once('data', () => response.pause());
        resumeClient = () => response.resume();
        response.on('end', () => resolve('end'));
        response.on('error', () => resolve('error'));
      });
    });
    await waitFor('the download to be under way', async () => pgPool().totalCount - pgPool().idleCount === 1);
    const postmaster = database.pid()!;

    // Both servers at once stand in for the portal's one. How long it takes is the bench's (BENCH_ONLY=stop).
    await Promise.all([
      stopPortal({ server: healthRoute.server }),
      stopPortal({ server: export_.server, pool: pgPool(), database }),
    ]);
    expect(isAlive(postmaster)).toBe(false);
    expect(pgPool().ended).toBe(true);
    // Reading again, the client finds the download cut off, not complete.
    resumeClient();
    expect(await download).toBe('error');
  });
});
