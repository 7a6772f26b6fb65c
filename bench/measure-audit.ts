import './server-only';
import pg from 'pg';
import { auditPageStatement, type AuditQuery } from '@/lib/audit/audit-query-sql';
import { AUDIT_PLANNER_SETTINGS } from '@/lib/audit/query-audit-trail';
import { hashPassword } from '@/lib/auth/password';
import { dropDatabase, ensureDatabase } from '@/lib/db/databases';
import { migrate } from '@/lib/db/migrate';
import type { BenchConfig } from './config';
import { get, serverSeconds, signIn } from './http-client';
import { startPortal } from './portal';
import { int, ms, printTable, say, type Row } from './report';

// The Admin Hub's audit log with volume (BENCH_ONLY=audit): a site with
// 1,000,000 audit rows over a year (BENCH_AUDIT_ROWS) in a database of its
// own (<bench db>_audit, created and dropped here), and the page of 50
// entries as the Admin Hub asks for it (vendor reads grouped into sessions)
// over HTTP, median of 10 calls, beside the same statement run straight on
// PostgreSQL. Unfiltered (first page and a page deep in the trail) and
// filtered (one action, a week, an app, a person, free text).
//
// The rows: every 20th a grant change or access request by an admin, every
// 20th a download with its receipt, the other 18 in 20 vendor page reads, in
// runs of 40 rows (about 20 minutes) by one of 12 readers (4 people, one of
// them with an API token, on 3 apps), so a reader's session holds about 36
// reads, as a person paging through the viewer would make.

const TARGET_SECONDS = 0.02;
const CALLS = 10;
const ORG = 'ba_org';
const SITE = 'ba_site';
const ADMIN = { id: 'ba_admin', email: 'audit-admin@bench.example', password: 'bench-password' };

async function seed(url: string, rows: number, end: Date) {
  await migrate(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`INSERT INTO organizations (id, name, slug) VALUES ('${ORG}', 'Audit Org', 'audit-org')`);
    await client.query(`INSERT INTO sites (id, organization_id, url) VALUES ('${SITE}', '${ORG}', 'audit-bench.atlassian.net')`);
    await client.query(`INSERT INTO users (id, email, name, password_hash, updated_at) VALUES ($1, $2, 'Audit Admin', $3, now())`, [ADMIN.id, ADMIN.email, await hashPassword(ADMIN.password)]);
    await client.query(`INSERT INTO memberships (id, user_id, organization_id, role) VALUES ('ba_membership', '${ADMIN.id}', '${ORG}', 'ORG_ADMIN')`);
    await client.query(`INSERT INTO vendors (id, name, slug, contact_email) VALUES ('ba_vendor', 'Audit Vendor', 'audit-vendor', 'v@audit.example')`);
    for (let a = 0; a < 3; a++) {
      await client.query(
        `INSERT INTO apps (id, vendor_id, name, slug, description, is_paid, contact_email, scopes) VALUES ($1, 'ba_vendor', $2, $3, 'bench', true, 'a@audit.example', '{}')`,
        [`ba_app_${a}`, `Audit App ${a}`, `audit-app-${a}`],
      );
      await client.query(
        `INSERT INTO installations (id, app_id, site_id, product, environment, app_version, installed_at) VALUES ($1, $2, '${SITE}', 'JIRA', 'PRODUCTION', '1.0.0', now() - interval '400 days')`,
        [`ba_inst_${a}`, `ba_app_${a}`],
      );
    }
    const step = (365 * 86_400_000) / rows;
    const start = new Date(end.getTime() - rows * step);
    // In chunks, so one statement's memory and WAL stay small.
    const chunk = 100_000;
    for (let first = 0; first < rows; first += chunk) {
      await client.query(
        `INSERT INTO audit_events (occurred_at, action, actor_user_id, actor_label, organization_id, site_id, installation_id, vendor_id, details, ip_address, user_agent)
         SELECT $1::timestamptz + make_interval(secs => i * $2::float8 / 1000),
                CASE WHEN i % 20 = 0 THEN (ARRAY['LOG_ACCESS_ENABLED', 'LOG_ACCESS_DISABLED', 'ACCESS_REQUESTED', 'ACCESS_REQUEST_APPROVED'])[1 + (i / 20) % 4]
                     WHEN i % 20 = 1 THEN 'LOGS_DOWNLOADED' ELSE 'VENDOR_LOGS_READ' END::"AuditAction",
                CASE WHEN i % 20 < 2 THEN '${ADMIN.id}' ELSE 'ba_dev_' || (r.reader % 4) END,
                CASE WHEN i % 20 < 2 THEN 'Audit Admin (${ADMIN.email})' ELSE 'Developer ' || (r.reader % 4) || ' (dev' || (r.reader % 4) || '@vendor.example)' END,
                '${ORG}', '${SITE}', 'ba_inst_' || (r.reader / 4), 'ba_vendor',
                CASE WHEN i % 20 = 0 THEN jsonb_build_object('appName', 'Audit App ' || (r.reader / 4), 'expiresAt', NULL, 'reason', 'ticket ' || i)
                     WHEN i % 20 = 1 THEN jsonb_build_object('appName', 'Audit App ' || (r.reader / 4), 'kind', 'export', 'lines', 5000 + i % 1000, 'bytes', 900000, 'format', 'csv',
                                                            'masked', i % 40 = 1, 'completed', true, 'sha256', md5(i::text) || md5((i + 1)::text),
                                                            'from', '2026-01-01T00:00:00.000Z', 'to', '2026-01-08T00:00:00.000Z')
                     ELSE jsonb_build_object('appName', 'Audit App ' || (r.reader / 4), 'kind', 'page', 'lines', 20 + i % 80,
                                             'from', '2026-01-01T00:00:00.000Z', 'to', '2026-01-02T00:00:00.000Z',
                                             'filters', jsonb_build_object('level', NULL, 'q', NULL))
                          || CASE WHEN r.reader % 4 = 3 THEN jsonb_build_object('apiTokenId', 'ba_token') ELSE '{}'::jsonb END END,
                '203.0.113.' || (i % 250), 'Mozilla/5.0 (bench)'
           FROM generate_series($3::int, $4::int) AS i,
                LATERAL (SELECT abs(hashint4(i / 40)) % 12 AS reader) r`,
        [start, step, first, Math.min(rows, first + chunk) - 1],
      );
    }
    await client.query('VACUUM ANALYZE audit_events');
    // The seed's dirty pages are written now, not while the first pages are timed.
    await client.query('CHECKPOINT');
    return { start, step };
  } finally {
    await client.end();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Calls made before the timed ones: the plan cache, the pool, the pages in memory and V8's optimized code of the path. */
const WARM_CALLS = 5;

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARM_CALLS; i++) await fn();
  const seconds: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    await fn();
    seconds.push((performance.now() - started) / 1000);
  }
  return median(seconds);
}

export async function runAuditBench(config: BenchConfig) {
  const rows = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000);
  const server = new URL(config.databaseUrl);
  const name = `${config.databaseName}_audit`;
  say(`\naudit log: ${int(rows)} audit rows on one site, database ${name}`);
  await dropDatabase(server.toString(), name);
  const url = await ensureDatabase(server.toString(), name);
  const end = new Date();
  const seeding = performance.now();
  const { start, step } = await seed(url, rows, end);
  say(`  seeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);

  const week = { from: new Date(start.getTime() + 180 * 86_400_000), to: new Date(start.getTime() + 187 * 86_400_000) };
  // A cursor deep in the trail: the row 100,000 rows back from the newest.
  const deep = { ts: new Date(start.getTime() + (rows - 100_000) * step), id: String(rows - 100_000) };
  const cases: { name: string; params: Record<string, string>; query: Omit<AuditQuery, 'siteId'>; cursor?: { ts: Date; id: string } }[] = [
    { name: 'first page', params: {}, query: {} },
    { name: '100,000 rows deep (cursor)', params: {}, query: {}, cursor: deep },
    { name: 'action: downloads', params: { action: 'LOGS_DOWNLOADED' }, query: { actions: ['LOGS_DOWNLOADED'] } },
    { name: 'a week, half a year back', params: { from: week.from.toISOString(), to: week.to.toISOString() }, query: week },
    { name: 'app + action: vendor reads', params: { app: 'ba_app_1', action: 'VENDOR_LOGS_READ' }, query: { installationIds: ['ba_inst_1'], actions: ['VENDOR_LOGS_READ'] } },
    { name: 'actor: one developer', params: { actor: 'ba_dev_2' }, query: { actor: 'ba_dev_2' } },
    { name: 'text "ticket 50" in a week', params: { q: 'ticket 50', from: week.from.toISOString(), to: week.to.toISOString() }, query: { q: 'ticket 50', ...week } },
  ];

  const portal = await startPortal({ databaseUrl: url, distDir: config.distDir });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // As the portal runs it (lib/audit/query-audit-trail.ts): its planner settings, each shape a named statement.
  await client.query(AUDIT_PLANNER_SETTINGS.replaceAll('SET LOCAL', 'SET'));
  const table: Row[] = [];
  try {
    const session = await signIn(portal.baseUrl, ADMIN.email, ADMIN.password);
    // The route's fixed cost on this machine now: the same call for a range with no rows (session check, site, transaction, HTTP).
    const empty = new URLSearchParams({ group: 'sessions', limit: '50', from: new Date(end.getTime() + 86_400_000).toISOString(), to: new Date(end.getTime() + 2 * 86_400_000).toISOString() });
    const floorServer: number[] = [];
    const floor = await timeIt(async () => {
      floorServer.push(serverSeconds(await get(session, `/api/v1/sites/${SITE}/audit-events?${empty}`)));
    });
    const floorHandler = median(floorServer.slice(WARM_CALLS));
    say(`  floor, an empty page (a range without rows): HTTP median ${ms(floor)} (server-side ${ms(floorHandler)})`);
    table.push({ measure: 'floor: the same route for a range without rows', value: `${ms(floor)} (${ms(floorHandler)})` });
    for (const c of cases) {
      const encoded = c.cursor ? Buffer.from(`${c.cursor.ts.toISOString()}|${c.cursor.id}`).toString('base64url') : null;
      const query = new URLSearchParams({ ...c.params, group: 'sessions', limit: '50', ...(encoded ? { cursor: encoded } : {}) });
      let shown = 0;
      let sessions = 0;
      const handlerSeconds: number[] = [];
      const http = await timeIt(async () => {
        const answer = await get(session, `/api/v1/sites/${SITE}/audit-events?${query}`);
        if (answer.status !== 200) throw new Error(`audit page ${query}: ${answer.status} ${answer.text}`);
        const page = JSON.parse(answer.text) as { events: { session: { reads: number } | null }[] };
        // The handler's own time (Server-Timing: app;dur=…), without the client's and Next's share.
        handlerSeconds.push(serverSeconds(answer));
        shown = page.events.length;
        sessions = page.events.filter((e) => e.session && e.session.reads > 1).length;
      });
      const server = median(handlerSeconds.slice(WARM_CALLS));
      const statement = auditPageStatement({ query: { siteId: SITE, ...c.query }, cursor: c.cursor ?? null, limit: 50, group: 'sessions' });
      const raw = await timeIt(() => client.query({ name: `bench-${c.name}`, ...statement }));
      say(`  ${c.name}: ${shown} entries (${sessions} sessions); HTTP median ${ms(http)} (server-side ${ms(server)}), SQL median ${ms(raw)}`);
      table.push({
        measure: `audit page of 50, ${c.name}: HTTP (server-side; SQL)`,
        value: `${ms(http)} (${ms(server)}; ${ms(raw)}), ${shown} entries, ${sessions} sessions`,
        target: '<= 20 ms',
        met: http <= TARGET_SECONDS,
      });
    }
  } finally {
    await client.end();
    await portal.stop();
    await dropDatabase(server.toString(), name);
  }
  say(`\naudit log, median of ${CALLS} calls:`);
  printTable(table);
}
