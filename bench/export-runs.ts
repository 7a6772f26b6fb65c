import { exportDecoder, exportSql, rawCopySql, type ExportOptions } from './export-sql';
import type { Session } from './http-client';
import { copyToNull, exportPath, httpExport, linesPerSecond, megabytesPerSecond, type HttpExport, type Throughput } from './measure-export';
import { int, mib, say } from './report';

// The export measurements of one bench run, interleaved so that noise from
// other work on the machine spreads over all of them: each round runs PostgreSQL's
// COPY of the raw columns (the baseline), COPY of the endpoint's own SQL (how much
// of the gap is the SQL), then the endpoint itself.

export type Slice = { installationId: string; from: Date; to: Date; lines: number };
export type ExportFigures = {
  raw: Throughput;
  sqlNdjson: Throughput;
  sqlCsv: Throughput;
  ndjson: HttpExport;
  csv: HttpExport;
  /** CSV fetched with Accept-Encoding: identity, to show what compression costs. */
  csvIdentity: HttpExport;
  /** The largest RSS growth over every full-size HTTP export, the warm-up included. */
  worstNdjsonRss: HttpExport['rss'];
  worstCsvRss: HttpExport['rss'];
};

export const rate = (t: Throughput) => `${int(linesPerSecond(t))} lines/s, ${megabytesPerSecond(t).toFixed(0)} MB/s`;
export const rssText = (r: HttpExport['rss']) => `before ${mib(r.before)}, peak ${mib(r.peak)}, end ${mib(r.end)}: growth ${mib(r.growth)}`;
const best = <T extends Throughput>(runs: T[]) => runs.reduce((a, b) => (linesPerSecond(b) > linesPerSecond(a) ? b : a));
const worstRss = (runs: HttpExport[]) => runs.reduce((a, b) => (b.rss.growth > a.rss.growth ? b : a)).rss;

function show(label: string, result: Throughput | HttpExport, expectedLines: number) {
  const http = 'rss' in result ? `; ${result.encoding}, server CPU ${result.serverCpu.toFixed(2)} s; RSS ${rssText(result.rss)}` : '';
  say(`  ${label.padEnd(32)} ${rate(result)} (${result.seconds.toFixed(2)} s, ${(result.bytes / 1e6).toFixed(0)} MB${http})`);
  if (result.lines !== expectedLines) say(`  !! expected ${int(expectedLines)} lines, got ${int(result.lines)}`);
}

export async function runExports(options: { databaseUrl: string; session: Session; serverPid: number; slice: Slice; site: string; environment: string; repeat: number }): Promise<ExportFigures> {
  const { databaseUrl, session, serverPid, slice } = options;
  const sources = [{ installationId: slice.installationId, site: options.site, environment: options.environment }];
  const sql = (format: ExportOptions['format']) => exportSql({ sources, from: slice.from, to: slice.to, format, mask: false });
  const path = (format: ExportOptions['format'], s: Slice = slice) => exportPath(s.installationId, s.from, s.to, format);
  const csvOptions = { headerLines: 1 };

  // Warm-up, throughput not counted: the slice into the page cache, the route's code into the
  // server (a one-hour export of each format), then one full export of each so the server's
  // JIT has seen the hot path. Their memory still counts.
  say(`\nwarm-up (not timed)`);
  await copyToNull(databaseUrl, rawCopySql(slice));
  const hour = { ...slice, to: new Date(slice.from.getTime() + 3_600_000) };
  await httpExport(session, serverPid, path('ndjson', hour));
  await httpExport(session, serverPid, path('csv', hour), csvOptions);
  const warmNdjson = await httpExport(session, serverPid, path('ndjson'));
  show('HTTP export, NDJSON', warmNdjson, slice.lines);
  const warmCsv = await httpExport(session, serverPid, path('csv'), csvOptions);
  show('HTTP export, CSV', warmCsv, slice.lines);

  const runs = { raw: [] as Throughput[], sqlNdjson: [] as Throughput[], sqlCsv: [] as Throughput[], ndjson: [] as HttpExport[], csv: [] as HttpExport[], csvIdentity: [] as HttpExport[] };
  for (let i = 1; i <= options.repeat; i++) {
    say(`\nexport round ${i} of ${options.repeat} (${int(slice.lines)} lines)`);
    const step = async <T extends Throughput>(label: string, list: T[], run: () => Promise<T>) => {
      const result = await run();
      list.push(result);
      show(label, result, slice.lines);
    };
    await step('COPY raw columns (PostgreSQL)', runs.raw, () => copyToNull(databaseUrl, rawCopySql(slice)));
    await step('COPY of the export SQL, NDJSON', runs.sqlNdjson, () => copyToNull(databaseUrl, sql('ndjson'), 0, exportDecoder('ndjson')));
    await step('COPY of the export SQL, CSV', runs.sqlCsv, () => copyToNull(databaseUrl, sql('csv'), 1));
    await step('HTTP export, NDJSON', runs.ndjson, () => httpExport(session, serverPid, path('ndjson')));
    await step('HTTP export, CSV', runs.csv, () => httpExport(session, serverPid, path('csv'), csvOptions));
    await step('HTTP export, CSV, no compression', runs.csvIdentity, () => httpExport(session, serverPid, path('csv'), { ...csvOptions, acceptEncoding: 'identity' }));
  }
  return {
    raw: best(runs.raw),
    sqlNdjson: best(runs.sqlNdjson),
    sqlCsv: best(runs.sqlCsv),
    ndjson: best(runs.ndjson),
    csv: best(runs.csv),
    csvIdentity: best(runs.csvIdentity),
    worstNdjsonRss: worstRss([warmNdjson, ...runs.ndjson]),
    worstCsvRss: worstRss([warmCsv, ...runs.csv, ...runs.csvIdentity]),
  };
}

/** One NDJSON export of a larger slice, for the memory trace. */
export async function runFlatness(options: { session: Session; serverPid: number; slice: Slice }): Promise<HttpExport> {
  const { slice } = options;
  say(`\nmemory flatness: NDJSON export of ${int(slice.lines)} lines (${slice.from.toISOString().slice(0, 10)} .. ${slice.to.toISOString().slice(0, 10)})`);
  const result = await httpExport(options.session, options.serverPid, exportPath(slice.installationId, slice.from, slice.to, 'ndjson'));
  show('HTTP export, NDJSON', result, slice.lines);
  say(`  RSS over ${result.rss.samples} samples (every 100 ms): ${rssText(result.rss)}`);
  return result;
}
