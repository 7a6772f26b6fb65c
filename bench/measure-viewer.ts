import { spawn } from 'node:child_process';
import http from 'node:http';
import pg from 'pg';
import { get, percentiles, runLoad, type Load, type LoadResult, type Percentiles } from './load';
import { ms, pct, say, type Row } from './report';
import type { ConsoleFixture } from './seed-console';
import { psqlTimings, viewerRouteStatements, viewerSql, type Sql, type Statement } from './viewer-sql';

// The developer console's viewer (GET /api/v1/apps/{appId}/logs with an API
// token): a page of the 100 newest lines of one day over the app's sharing
// sites, with and without a level filter, against a bare node:http + pg server
// running the same SQL -- the page's query alone, and every statement the
// portal runs for the request (token, sources, page with its audit rows) --
// and a message search against the same SQL in psql.

const CONCURRENCY = 8;
const LOAD_SECONDS = 10;
/** Enough for V8 to optimise the portal's hot paths: with 2 s, the first seconds of the load ran at half speed. */
const WARM_SECONDS = 5;
const LATENCY_SECONDS = 5;
const SEARCH_RUNS = 10;
/** In about 1% of the lines. */
const SEARCH_WORD = 'attempting';
const LIMIT = 100;

type Variant = { name: string; params: Record<string, string>; sql: Sql };
/** `bare` runs the page's query alone; `bareSame` every statement the portal runs for the request. */
export type VariantFigures = { name: string; serial: LoadResult; bareSerial: LoadResult; app: LoadResult; bare: LoadResult; bareSame: LoadResult; statements: number };
export type ViewerFigures = { variants: VariantFigures[]; search: { http: number; psql: number; lines: number }; auditRowsPerPage: number; scoped: ScopedFigures };
/** The first page with every sharing site's grant scoped, beside the same page unscoped, both timed serially in one run. */
export type ScopedFigures = { scope: string; unscoped: LoadResult; scoped: LoadResult };

/** What a site shares in the bench's scoped run: the issue's example, warnings and errors with personal data masked. */
const BENCH_SCOPE = { minLevel: 'warn', maskPersonalData: true };

async function startBare(databaseUrl: string, queries: Record<string, { statements: Statement[]; limit: number }>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-server.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_BARE_QUERIES: JSON.stringify(queries) },
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
  });
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => void child.kill('SIGTERM') };
}

async function auditRows(databaseUrl: string, userId: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM audit_events WHERE actor_user_id = $1', [userId]);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

const idsOf = (body: string) => (JSON.parse(body) as { lines: { id: string }[] }).lines.map((l) => l.id).join(',');
const figures = (r: LoadResult) => `${r.perSecond.toFixed(0)} req/s, p50 ${ms(r.p50)} p95 ${ms(r.p95)}${r.errors ? `, ${r.errors} errors: ${r.firstError}` : ''}`;

export async function measureViewer(options: { baseUrl: string; databaseUrl: string; fixture: ConsoleFixture; day: Date }): Promise<ViewerFigures> {
  const { fixture } = options;
  const window = { from: options.day, to: new Date(options.day.getTime() + 86_400_000) };
  const slice = { installationIds: fixture.installationIds, ...window, limit: LIMIT };
  const variants: Variant[] = [
    { name: 'page', params: {}, sql: await viewerSql(slice) },
    { name: 'page, level=error', params: { level: 'error' }, sql: await viewerSql({ ...slice, levels: ['error'] }) },
  ];
  const appLoad = (params: Record<string, string>): Load => ({
    url: `${options.baseUrl}/api/v1/apps/${fixture.appId}/logs?${new URLSearchParams({ from: window.from.toISOString(), to: window.to.toISOString(), limit: String(LIMIT), ...params })}`,
    headers: { authorization: `Bearer ${fixture.token}` },
  });
  say(`\nconsole viewer: app ${fixture.appId} over ${fixture.installationIds.length} sharing installations, ${window.from.toISOString()} .. ${window.to.toISOString()}`);

  const portalStatements = new Map<string, Statement[]>();
  for (const v of variants) portalStatements.set(v.name, await viewerRouteStatements(options.databaseUrl, appLoad(v.params), fixture.appId));
  const bare = await startBare(
    options.databaseUrl,
    Object.fromEntries(
      variants.flatMap((v) => [
        [v.name, { statements: [v.sql], limit: LIMIT }],
        [`${v.name} (same statements)`, { statements: portalStatements.get(v.name)!, limit: LIMIT }],
      ]),
    ),
  );
  const results: VariantFigures[] = [];
  let auditRowsPerPage = 0;
  try {
    for (const v of variants) {
      const app = appLoad(v.params);
      const bareLoad: Load = { url: `${bare.baseUrl}/?${new URLSearchParams({ variant: v.name })}` };
      const bareSameLoad: Load = { url: `${bare.baseUrl}/?${new URLSearchParams({ variant: `${v.name} (same statements)` })}` };
      const agent = new http.Agent({ keepAlive: false });
      const before = await auditRows(options.databaseUrl, fixture.userId);
      const appReply = await get(agent, app);
      auditRowsPerPage = (await auditRows(options.databaseUrl, fixture.userId)) - before;
      const [bareReply, bareSameReply] = [await get(agent, bareLoad), await get(agent, bareSameLoad)];
      if (appReply.status !== 200) throw new Error(`GET ${app.url}: ${appReply.status} ${appReply.body.slice(0, 300)}`);
      if (idsOf(appReply.body) !== idsOf(bareReply.body)) say(`  !! ${v.name}: the portal and the bare server return different lines`);
      if (idsOf(appReply.body) !== idsOf(bareSameReply.body)) say(`  !! ${v.name}: the portal and the bare server running its statements return different lines`);

      await runLoad(app, { concurrency: 1, seconds: WARM_SECONDS });
      const serial = await runLoad(app, { concurrency: 1, seconds: LATENCY_SECONDS });
      await runLoad(bareLoad, { concurrency: 1, seconds: WARM_SECONDS });
      const bareSerial = await runLoad(bareLoad, { concurrency: 1, seconds: LATENCY_SECONDS });
      await runLoad(app, { concurrency: CONCURRENCY, seconds: WARM_SECONDS });
      const appLoaded = await runLoad(app, { concurrency: CONCURRENCY, seconds: LOAD_SECONDS });
      await runLoad(bareLoad, { concurrency: CONCURRENCY, seconds: WARM_SECONDS });
      const bareLoaded = await runLoad(bareLoad, { concurrency: CONCURRENCY, seconds: LOAD_SECONDS });
      await runLoad(bareSameLoad, { concurrency: CONCURRENCY, seconds: WARM_SECONDS });
      const bareSame = await runLoad(bareSameLoad, { concurrency: CONCURRENCY, seconds: LOAD_SECONDS });
      const server = percentiles(serial.serverTiming);
      const statements = portalStatements.get(v.name)!.length;
      say(`  ${v.name}, 1 client:  portal p50 ${ms(serial.p50)} p95 ${ms(serial.p95)} p99 ${ms(serial.p99)} (server-side p50 ${ms(server.p50)} p95 ${ms(server.p95)}); bare p50 ${ms(bareSerial.p50)} p95 ${ms(bareSerial.p95)}`);
      say(`  ${v.name}, ${CONCURRENCY} clients: portal ${figures(appLoaded)}; bare ${figures(bareLoaded)}; bare with the portal's ${statements} statements ${figures(bareSame)}`);
      results.push({ name: v.name, serial, bareSerial, app: appLoaded, bare: bareLoaded, bareSame, statements });
    }
  } finally {
    bare.stop();
  }
  if (results.some((r) => r.serial.serverTiming.length === 0)) throw new Error('the portal sent no Server-Timing header');
  say(`  audit rows written per page: ${auditRowsPerPage}`);
  const search = await measureSearch(options, slice, appLoad);
  return { variants: results, search, auditRowsPerPage, scoped: await measureScoped(options, appLoad({})) };
}

async function measureSearch(
  options: { databaseUrl: string },
  slice: Parameters<typeof viewerSql>[0],
  appLoad: (params: Record<string, string>) => Load,
): Promise<ViewerFigures['search']> {
  const load = appLoad({ q: SEARCH_WORD });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const httpSeconds: number[] = [];
  let lines = 0;
  for (let i = 0; i <= SEARCH_RUNS; i++) {
    const started = performance.now();
    const reply = await get(agent, load);
    if (reply.status !== 200) throw new Error(`GET ${load.url}: ${reply.status} ${reply.body.slice(0, 300)}`);
    if (i > 0) httpSeconds.push((performance.now() - started) / 1000);
    lines = (JSON.parse(reply.body) as { lines: unknown[] }).lines.length;
  }
  agent.destroy();
  const psql = (await psqlTimings(options.databaseUrl, await viewerSql({ ...slice, q: SEARCH_WORD }), SEARCH_RUNS + 1)).slice(1);
  const search = { http: median(httpSeconds), psql: median(psql), lines };
  say(`  search q=${SEARCH_WORD} (${lines} lines), median of ${SEARCH_RUNS}: HTTP ${ms(search.http)}, psql ${ms(search.psql)}`);
  return search;
}

/**
 * The first page (no filter) unscoped, then with every sharing site's grant
 * scoped (BENCH_SCOPE, set on the open grants by SQL and taken off after):
 * the scoped read walks each site's level index and masks the page's lines
 * as they are mapped, so it should cost about what the unscoped page does.
 */
async function measureScoped(options: { databaseUrl: string; fixture: ConsoleFixture }, load: Load): Promise<ScopedFigures> {
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const setScope = (scope: object | null) =>
    client.query('UPDATE log_access_grants SET scope = $2::jsonb WHERE disabled_at IS NULL AND installation_id = ANY($1::text[])', [options.fixture.installationIds, scope && JSON.stringify(scope)]);
  try {
    await runLoad(load, { concurrency: 1, seconds: WARM_SECONDS });
    const unscoped = await runLoad(load, { concurrency: 1, seconds: LATENCY_SECONDS });
    await setScope(BENCH_SCOPE);
    await runLoad(load, { concurrency: 1, seconds: WARM_SECONDS });
    const scoped = await runLoad(load, { concurrency: 1, seconds: LATENCY_SECONDS });
    const [u, s] = [percentiles(unscoped.serverTiming), percentiles(scoped.serverTiming)];
    say(`  first page, 1 client, server-side: unscoped p50 ${ms(u.p50)} p95 ${ms(u.p95)}; scoped ${JSON.stringify(BENCH_SCOPE)} p50 ${ms(s.p50)} p95 ${ms(s.p95)}`);
    return { scope: JSON.stringify(BENCH_SCOPE), unscoped, scoped };
  } finally {
    await setScope(null);
    await client.end();
  }
}

const median = (values: number[]) => percentiles(values).p50;

export function viewerRows(v: ViewerFigures): Row[] {
  const rows: Row[] = [];
  for (const r of v.variants) {
    // Server-side: the handler's own time (Server-Timing), as the target is put.
    const server: Percentiles = percentiles(r.serial.serverTiming);
    const ratio = r.app.perSecond / r.bare.perSecond;
    const sameRatio = r.app.perSecond / r.bareSame.perSecond;
    rows.push(
      {
        measure: `console ${r.name}, 1 client, server-side`,
        value: `p50 ${ms(server.p50)}, p95 ${ms(server.p95)}, p99 ${ms(server.p99)} (at the client: p50 ${ms(r.serial.p50)}, p95 ${ms(r.serial.p95)}; bare at the client: p50 ${ms(r.bareSerial.p50)})`,
        target: 'p50 <= 5 ms, p95 <= 20 ms',
        met: server.p50 <= 0.005 && server.p95 <= 0.02,
      },
      {
        measure: `console ${r.name}, ${CONCURRENCY} clients, req/s, vs bare running the page query alone`,
        value: `${r.app.perSecond.toFixed(0)} vs bare ${r.bare.perSecond.toFixed(0)} = ${pct(ratio)} (portal p95 ${ms(r.app.p95)})`,
        target: '>= 50% of bare',
        met: ratio >= 0.5 && r.app.errors === 0,
      },
      {
        measure: `console ${r.name}, ${CONCURRENCY} clients, req/s, vs bare running the portal's ${r.statements} statements`,
        value: `${r.app.perSecond.toFixed(0)} vs bare ${r.bareSame.perSecond.toFixed(0)} = ${pct(sameRatio)}`,
        target: '>= 50% of bare',
        met: sameRatio >= 0.5 && r.app.errors === 0 && r.bareSame.errors === 0,
      },
    );
  }
  const ratio = v.search.http / v.search.psql;
  rows.push({
    measure: `console search q=${SEARCH_WORD}, 1 day, HTTP vs psql`,
    value: `${ms(v.search.http)} vs ${ms(v.search.psql)} = ${ratio.toFixed(2)}x`,
    target: '<= 2x psql',
    met: ratio <= 2,
  });
  rows.push({ measure: 'console audit rows written per page', value: String(v.auditRowsPerPage) });
  const [unscoped, scoped] = [percentiles(v.scoped.unscoped.serverTiming), percentiles(v.scoped.scoped.serverTiming)];
  const over = scoped.p50 / unscoped.p50 - 1;
  rows.push({
    measure: `console first page, 1 client, server-side p50: scoped grant ${v.scoped.scope} vs unscoped`,
    value: `${ms(scoped.p50)} vs ${ms(unscoped.p50)} = ${over >= 0 ? '+' : ''}${pct(over)} (p95 ${ms(scoped.p95)} vs ${ms(unscoped.p95)})`,
    target: 'scoped <= 20% over unscoped',
    met: over <= 0.2 && v.scoped.scoped.errors === 0,
  });
  return rows;
}
