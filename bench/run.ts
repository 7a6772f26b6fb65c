// `npm run bench`: seeds (or re-uses) a large log table in its own database,
// starts the portal on it as its own process, and measures the log export
// (against PostgreSQL's own COPY, with the server's memory), the summary, and
// the developer console's viewer (against a bare node:http + pg server and psql);
// then, each on a database of its own, ingest (against COPY), the live tail
// (against a bare poller and a bare LISTEN) and the stop on SIGTERM (against a
// bare node:http server); and the Admin Hub's audit log over a million rows.
// It prints figures and whether each target is met; it asserts nothing.
//
// The portal builds into its own folder so others' `next build` in .next does
// not disturb it. Not `.next-bench`: eslint.config.mjs ignores `.next/**`
// only, so a build there makes `eslint .` (and `npm test`) report thousands
// of errors in the generated files. `.data/` is ignored by ESLint and
// excluded by tsconfig. BENCH_NEXT_DIST_DIR picks another folder.
import pg from 'pg';
import { DAY, readConfig, STANDALONE_PARTS, type BenchConfig } from './config';
import { rate, runExports, runFlatness, type ExportFigures, type Slice } from './export-runs';
import { signIn } from './http-client';
import { linesPerSecond, type HttpExport, type Throughput } from './measure-export';
import { runIngestBench } from './measure-ingest';
import { runStopBench } from './measure-stop';
import { runAuditBench } from './measure-audit';
import { runTailBench } from './measure-tail';
import { measurePatterns } from './measure-patterns';
import { measureSearch } from './measure-search';
import { measureInsights } from './measure-insights';
import { measureContext } from './measure-context';
import { measureSummary, type SummaryResult } from './measure-summary';
import { measureViewer, viewerRows } from './measure-viewer';
import { startPortal, type Portal } from './portal';
import { int, mib, ms, pct, printTable, say, type Row } from './report';
import { prepareSearchData } from './search-data';
import { prepareDataset, type Dataset } from './seed-bench';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './seed-sql';

const RSS_GROWTH_LIMIT = 64 * 2 ** 20;
const RATIO_TARGET = 0.6;
const SUMMARY_LIMIT_SECONDS = 1;

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function slice(url: string, installationId: string, from: Date, to: Date): Promise<Slice> {
  const rows = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM log_lines WHERE installation_id = $1 AND ts >= $2 AND ts < $3', [installationId, from, to]);
  return { installationId, from, to, lines: Number(rows[0]?.n ?? 0) };
}

/** The busy installation's days ending with the busy day, as few as hold 1.25x the busy day (1 M lines at full size). */
async function flatnessSlice(config: BenchConfig, data: Dataset): Promise<Slice> {
  const to = new Date(data.busyDay.getTime() + DAY);
  for (let days = 2; ; days++) {
    const candidate = await slice(config.databaseUrl, data.busyInstallationId, new Date(to.getTime() - days * DAY), to);
    if (candidate.lines >= 1.25 * config.busyDayLines || candidate.from <= data.windowStart) return candidate;
  }
}

async function main() {
  const config = readConfig();
  // Ingest, the tail and the stop run on databases of their own: alone, they need no large seed.
  if ([...config.only].some((part) => !STANDALONE_PARTS.has(part))) await runSeededParts(config);
  if (config.only.has('ingest')) await runIngestBench(config);
  if (config.only.has('tail')) await runTailBench(config);
  if (config.only.has('stop')) await runStopBench(config);
  if (config.only.has('audit')) await runAuditBench(config);
}

async function runSeededParts(config: BenchConfig) {
  say(`Logshare bench: ${int(config.lines)} lines, ${config.installations} installations, ${config.days} days, busy day ${int(config.busyDayLines)} lines`);
  say(`database ${config.databaseUrl}`);
  const data = await prepareDataset(config);

  const busy = await slice(config.databaseUrl, data.busyInstallationId, data.busyDay, new Date(data.busyDay.getTime() + DAY));
  const flat = await flatnessSlice(config, data);
  const [site] = await query<{ url: string; environment: string }>(
    config.databaseUrl,
    'SELECT s.url, i.environment FROM installations i JOIN sites s ON s.id = i.site_id WHERE i.id = $1',
    [busy.installationId],
  );
  if (!site) throw new Error('the busy installation is missing');
  say(`busy slice: ${busy.from.toISOString()} .. ${busy.to.toISOString()}, ${int(busy.lines)} lines`);
  // Before the portal starts: its maintenance job would build the search indexes while other parts measure.
  // The context part alone reads a few lines by primary key: it needs neither the search data nor its indexes.
  const contextOnly = [...config.only].every((part) => part === 'context' || STANDALONE_PARTS.has(part));
  const search = contextOnly ? undefined : await prepareSearchData(config.databaseUrl, data.console, data.busyDay);

  let portal: Portal | undefined;
  try {
    const booting = performance.now();
    portal = await startPortal({ databaseUrl: config.databaseUrl, distDir: config.distDir });
    say(`portal up on ${portal.baseUrl} (pid ${portal.pid}) after ${((performance.now() - booting) / 1000).toFixed(1)} s; its log: ${portal.logFile}`);
    const session = await signIn(portal.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
    const serverPid = portal.pid;

    const rows: Row[] = [];
    if (config.only.has('export')) {
      const exports = await runExports({ databaseUrl: config.databaseUrl, session, serverPid, slice: busy, site: site.url, environment: site.environment, repeat: config.repeat });
      const flatness = await runFlatness({ session, serverPid, slice: flat });
      rows.push(...exportRows(busy, flat, exports, flatness));
    }

    if (config.only.has('summary')) {
      // Partial hours at both ends, as a day in a :30 time zone has: the summary counts those from the lines.
      const to = new Date(busy.to.getTime() - 30 * 60_000);
      const from = new Date(to.getTime() - 7 * DAY);
      say(`\nsummary of 7 days (${from.toISOString()} .. ${to.toISOString()}), 10 calls`);
      const summary = await measureSummary({ session, databaseUrl: config.databaseUrl, installationId: busy.installationId, from, to });
      say(`  HTTP: median ${ms(summary.http.median)}, max ${ms(summary.http.max)} (${int(summary.httpTotal)} lines)`);
      say(`  count(*) GROUP BY level: median ${ms(summary.raw.median)}, max ${ms(summary.raw.max)} (${int(summary.rawTotal)} lines)`);
      if (summary.httpTotal !== summary.rawTotal) say('  !! the summary and count(*) disagree');
      rows.push(...summaryRows(summary));
    }

    if (config.only.has('viewer')) {
      const viewer = await measureViewer({ baseUrl: portal.baseUrl, databaseUrl: config.databaseUrl, fixture: data.console, day: busy.from });
      rows.push(...viewerRows(viewer));
    }

    if (config.only.has('search') && search) {
      rows.push(...(await measureSearch({ baseUrl: portal.baseUrl, databaseUrl: config.databaseUrl, fixture: data.console, data: search })).rows);
    }

    if (config.only.has('facets')) {
      rows.push(...(await measureInsights({ baseUrl: portal.baseUrl, databaseUrl: config.databaseUrl, fixture: data.console })).rows);
    }

    if (config.only.has('patterns')) {
      rows.push(...(await measurePatterns({ baseUrl: portal.baseUrl, databaseUrl: config.databaseUrl, fixture: data.console, busy })));
    }

    if (config.only.has('context')) {
      rows.push(
        ...(await measureContext({ baseUrl: portal.baseUrl, databaseUrl: config.databaseUrl, fixture: data.console, installationId: data.busyInstallationId, day: data.busyDay, retentionDays: config.retentionDays })),
      );
    }

    say(`\nbest of ${config.repeat} rounds for throughput, worst for memory:`);
    printTable([seedRow(data), ...rows]);
  } finally {
    await portal?.stop();
  }
}

function seedRow(data: Dataset): Row {
  return { measure: `seeding ${int(data.lines)} lines`, value: data.reused ? `${data.seedSeconds.toFixed(0)} s (earlier run; re-used now)` : `${data.seedSeconds.toFixed(0)} s` };
}

function exportRows(busy: Slice, flat: Slice, e: ExportFigures, flatness: HttpExport): Row[] {
  const ratio = (t: Throughput) => linesPerSecond(t) / linesPerSecond(e.raw);
  const http = (t: HttpExport) => `${rate(t)} (${t.encoding}, server CPU ${t.serverCpu.toFixed(2)} s)`;
  const rss = (measure: string, r: HttpExport['rss']): Row => ({
    measure,
    value: `${mib(r.before)} -> peak ${mib(r.peak)} (+${mib(r.growth)})`,
    target: '< 64 MiB growth',
    met: r.growth < RSS_GROWTH_LIMIT,
  });
  return [
    { measure: `COPY raw columns, ${int(busy.lines)} lines`, value: rate(e.raw) },
    { measure: 'COPY of the export SQL, NDJSON', value: `${rate(e.sqlNdjson)} (${pct(ratio(e.sqlNdjson))} of raw)` },
    { measure: 'COPY of the export SQL, CSV', value: `${rate(e.sqlCsv)} (${pct(ratio(e.sqlCsv))} of raw)` },
    { measure: 'HTTP export NDJSON', value: http(e.ndjson) },
    { measure: 'HTTP export CSV', value: http(e.csv) },
    { measure: 'HTTP export CSV, Accept-Encoding: identity', value: `${http(e.csvIdentity)}, ${pct(ratio(e.csvIdentity))} of raw` },
    { measure: 'HTTP/COPY NDJSON (lines/s)', value: pct(ratio(e.ndjson)), target: '>= 60%', met: ratio(e.ndjson) >= RATIO_TARGET },
    { measure: 'HTTP/COPY CSV (lines/s)', value: pct(ratio(e.csv)), target: '>= 60%', met: ratio(e.csv) >= RATIO_TARGET },
    rss('server RSS, NDJSON export', e.worstNdjsonRss),
    rss('server RSS, CSV export', e.worstCsvRss),
    rss(`server RSS, ${int(flat.lines)}-line export`, flatness.rss),
  ];
}

function summaryRows(summary: SummaryResult): Row[] {
  return [
    {
      measure: 'summary 7 days, HTTP (10 calls)',
      value: `median ${ms(summary.http.median)}, max ${ms(summary.http.max)}`,
      target: '< 1 s',
      met: summary.http.max < SUMMARY_LIMIT_SECONDS,
    },
    { measure: 'same 7 days, count(*) GROUP BY level', value: `median ${ms(summary.raw.median)}, max ${ms(summary.raw.max)}` },
  ];
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
