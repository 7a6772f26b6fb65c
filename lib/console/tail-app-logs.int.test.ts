import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as ingest } from '@/app/api/v1/ingest/route';
import { createApiToken } from '@/lib/api-tokens/api-tokens';
import { findAppLogSources } from '@/lib/console/find-app-log-sources';
import { tailAppLogs } from '@/lib/console/tail-app-logs';
import { linesOf, openTail, share } from '@/lib/test-support/tail';
import { pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { revocationWatcher } from '@/lib/log-access/revocation-watcher';
import { purgeLogWrites } from '@/lib/logs/tail-logs';
import { commitLogLines } from '@/lib/test-support/log-lines';
import { parseSearchQuery } from '@/lib/search/parse-query';
import { appId, installationId } from '@/lib/test-support/demo-lookups';
import { meta, vendorViewer } from '@/lib/test-support/identities';
import { ndjson, newIngestToken } from '@/lib/test-support/ingest';

// The live tail through its route handler: every line exactly once under a
// sustained load with late lines, the end on a revoke made elsewhere and on
// expiry, and nothing left behind when the client goes away.

const context = { params: Promise.resolve({}) };
const HOUR = 3_600_000;

function post(body: string, secret: string) {
  return ingest(new Request('http://127.0.0.1/api/v1/ingest', { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${secret}` }, body }), context);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? NaN;

describe('the live tail', () => {
  let app: string;
  let installations: { id: string; secret: string }[];
  let apiToken: string;
  // Another server: its own connections to the same database.
  let elsewhere: pg.Pool;

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 300, reset: true });
    app = await appId('Timesheet Pro');
    // Three installations of one app, in two environments (an ingest token writes one environment).
    // A token each, so the senders stay under the per-token request rate.
    const production = await newIngestToken('Timesheet Pro', 'PRODUCTION');
    const production2 = await newIngestToken('Timesheet Pro', 'PRODUCTION');
    const staging = await newIngestToken('Timesheet Pro', 'STAGING');
    installations = [
      { id: await installationId('Timesheet Pro', 'acme.atlassian.net'), secret: production.secret },
      { id: await installationId('Timesheet Pro', 'acme-eu.atlassian.net'), secret: production2.secret },
      { id: await installationId('Timesheet Pro', 'lumen.atlassian.net', 'STAGING'), secret: staging.secret },
    ];
    for (const { id } of installations) await share(id);
    const dev = await vendorViewer('dev@lumen.example');
    apiToken = (await createApiToken({ user: dev, name: 'tail', expiresAt: null, meta })).secret;
    elsewhere = new pg.Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 2 });
  });

  afterAll(async () => {
    await elsewhere.end();
    revocationWatcher().close();
  });

  it('delivers every line exactly once, in arrival order, at 5,000 lines/s over three sites, late lines included', async () => {
    const tail = await openTail(app, apiToken);
    await tail.until((events) => events.some((e) => e.event === 'ready'));

    const SECONDS = 10;
    const BATCHES_PER_SECOND = 5;
    const SENDERS_PER_SITE = 2;
    const LINES_PER_BATCH = 175; // x 5 a second x 2 senders x 3 sites = 5,250 lines/s, a little more than the promise as a batch takes time
    const sent = new Map<string, number>(); // message -> when its batch was acknowledged
    const order = new Map<string, string[]>(); // sender -> messages in the order sent
    const started = performance.now();
    // Two senders per site, each sending a batch after its last (so each sender's order is defined), on a fixed schedule.
    const senders = installations.flatMap((site, s) => Array.from({ length: SENDERS_PER_SITE }, (_, k) => ({ ...site, name: `s${s}k${k}` })));
    await Promise.all(
      senders.map(async ({ id, secret, name }) => {
        const messages: string[] = [];
        order.set(name, messages);
        for (let batch = 0; batch < SECONDS * BATCHES_PER_SECOND; batch++) {
          const due = started + (batch * 1000) / BATCHES_PER_SECOND;
          if (performance.now() < due) await sleep(due - performance.now());
          const now = Date.now();
          const lines = Array.from({ length: LINES_PER_BATCH }, (_, i) => {
            const message = `load ${name} b${batch} l${i}`;
            messages.push(message);
            // Every 25th line is late (stamped up to two hours ago); the rest jitter by a few seconds, out of order.
            const ts = i % 25 === 7 ? now - Math.floor(Math.random() * 2 * HOUR) : now - Math.floor(Math.random() * 3000);
            return { installationId: id, timestamp: new Date(ts).toISOString(), level: 'info', message };
          });
          const response = await post(ndjson(lines), secret);
          expect(response.status).toBe(200);
          const acknowledged = performance.now();
          for (const line of lines) sent.set(line.message, acknowledged);
        }
      }),
    );
    const sendingTook = (performance.now() - started) / 1000;

    const events = await tail.until((events) => linesOf(events).length >= sent.size);
    const received = linesOf(events).filter((l) => l.message.startsWith('load '));
    await tail.cancel();

    // Exactly once: as many as sent, no message twice, none missing; no gap announced.
    expect(events.filter((e) => e.event === 'gap')).toEqual([]);
    expect(received.length).toBe(sent.size);
    expect(new Set(received.map((l) => l.message)).size).toBe(sent.size);
    // Each sender's lines in the order it sent them.
    for (const [name, messages] of order) expect(received.filter((l) => l.message.startsWith(`load ${name} `)).map((l) => l.message)).toEqual(messages);
    expect(new Set(received.map((l) => l.installationId))).toEqual(new Set(installations.map((i) => i.id)));

    const arrival = new Map(events.filter((e) => e.event === 'lines').flatMap((e) => (e.data as { message: string }[]).map((l) => [l.message, e.at] as const)));
    const lags = [...sent].map(([message, acknowledged]) => Math.max(0, arrival.get(message)! - acknowledged));
    console.log(
      `live tail under load: ${sent.size} lines sent in ${sendingTook.toFixed(1)} s (${Math.round(sent.size / sendingTook)} lines/s), all received once; ` +
        `lag after the ingest answer p50 ${percentile(lags, 50).toFixed(0)} ms, p95 ${percentile(lags, 95).toFixed(0)} ms, max ${Math.max(...lags).toFixed(0)} ms`,
    );
  });

  it('ends on a revoke made on another server (NOTIFY, long before the watcher’s own recheck), and the stream closes', async () => {
    const tail = await openTail(app, apiToken);
    await tail.until((events) => events.some((e) => e.event === 'ready'));
    await elsewhere.query('UPDATE log_access_grants SET disabled_at = now() WHERE installation_id = $1 AND disabled_at IS NULL', [installations[1]!.id]);
    const events = await tail.until((events) => events.some((e) => e.event === 'end'));
    const end = events.find((e) => e.event === 'end')!;
    expect(end.data).toMatchObject({ reason: 'access-ended', message: expect.stringContaining('acme-eu.atlassian.net stopped sharing') });
    await tail.until(() => false, 2_000);
    expect(tail.isClosed()).toBe(true);
    await share(installations[1]!.id);
  });

  it('ends at the grant’s end date, not before, without waiting for the expiry sweep', async () => {
    const tail = await openTail(app, apiToken);
    await tail.until((events) => events.some((e) => e.event === 'ready'));
    // The end date is set while the tail runs (NOTIFY), 1.5 s ahead.
    const until = Date.now() + 1_500;
    const untilOnClock = performance.now() + (until - Date.now());
    await elsewhere.query('UPDATE log_access_grants SET expires_at = $2 WHERE installation_id = $1 AND disabled_at IS NULL', [installations[2]!.id, new Date(until)]);
    const events = await tail.until((events) => events.some((e) => e.event === 'end'));
    const end = events.find((e) => e.event === 'end')!;
    expect(end.data).toMatchObject({ reason: 'access-ended', message: expect.stringContaining('lumen.atlassian.net') });
    expect(end.at).toBeGreaterThanOrEqual(untilOnClock - 1);
    await elsewhere.query('UPDATE log_access_grants SET disabled_at = expires_at WHERE installation_id = $1 AND disabled_at IS NULL', [installations[2]!.id]);
    await share(installations[2]!.id);
  });

  it('frees everything when the client goes away: the watch, the pool clients, and it records what was read', async () => {
    const before = revocationWatcher().subscriberCount;
    const tail = await openTail(app, apiToken, '?q=goes-away');
    await tail.until((events) => events.some((e) => e.event === 'ready'));
    expect(revocationWatcher().subscriberCount).toBe(before + 1);
    expect((await post(ndjson([{ installationId: installations[0]!.id, timestamp: new Date().toISOString(), level: 'warn', message: 'goes-away one' }]), installations[0]!.secret)).status).toBe(200);
    await tail.until((events) => linesOf(events).length === 1);
    await tail.cancel();

    const deadline = Date.now() + 5_000;
    while (revocationWatcher().subscriberCount !== before && Date.now() < deadline) await sleep(20);
    expect(revocationWatcher().subscriberCount).toBe(before);
    const pool = pgPool();
    while (pool.totalCount !== pool.idleCount && Date.now() < deadline) await sleep(20);
    expect(pool.totalCount - pool.idleCount).toBe(0);
    const { rows } = await pgPool().query<{ lines: number }>(
      `SELECT (details->>'lines')::int AS lines FROM audit_events WHERE action = 'VENDOR_LOGS_READ' AND installation_id = $1 AND details->>'kind' = 'tail' ORDER BY id DESC LIMIT 1`,
      [installations[0]!.id],
    );
    expect(rows[0]?.lines).toBe(1);
  });

  it('says plainly how many lines it skipped when its reader falls behind, and carries on', async () => {
    const viewer = await vendorViewer('dev@lumen.example');
    const sources = await findAppLogSources({ appId: app });
    const abort = new AbortController();
    const tail = tailAppLogs({ viewer, sources, query: { q: parseSearchQuery('behind') }, meta, signal: abort.signal, limits: { maxLagMs: 300 } });
    expect((await tail.next()).value).toMatchObject({ event: 'ready' });
    const line = (message: string, installation = installations[0]!.id) => ({ installationId: installation, ts: new Date(), level: 'INFO' as const, message, invocationId: null, traceId: null, module: null, function: null, appVersion: null, attributesJson: null });
    // 30 lines (25 matching the filter) while the reader does not read...
    await commitLogLines([...Array.from({ length: 20 }, (_, i) => line(`behind early ${i}`)), ...Array.from({ length: 5 }, (_, i) => line(`behind early other ${i}`, installations[1]!.id)), line('not matching')]);
    await commitLogLines(Array.from({ length: 4 }, (_, i) => line(`other text ${i}`)));
    await sleep(800);
    // ...are skipped and counted when it asks again; then it follows new lines.
    const next = tail.next();
    const gap = (await next).value;
    expect(gap).toMatchObject({ event: 'gap', data: { skipped: 25 } });
    await commitLogLines([line('behind later')]);
    const after = (await tail.next()).value;
    expect(after).toMatchObject({ event: 'lines' });
    expect((after as { data: { message: string }[] }).data.map((l) => l.message)).toEqual(['behind later']);
    abort.abort();
    await tail.return();
  });

  it('keeps ten minutes of its journal', async () => {
    const { rows } = await pgPool().query<{ written_at: Date }>('SELECT max(written_at) AS written_at FROM log_line_writes');
    const newest = rows[0]!.written_at;
    const count = async () => Number((await pgPool().query<{ n: string }>('SELECT count(*) AS n FROM log_line_writes')).rows[0]!.n);
    const before = await count();
    expect(before).toBeGreaterThan(0);
    expect(await purgeLogWrites(new Date(newest.getTime() + 599_000))).toBeLessThan(before);
    expect(await count()).toBeGreaterThan(0);
    await purgeLogWrites(new Date(newest.getTime() + 600_001));
    expect(await count()).toBe(0);
  });
});
