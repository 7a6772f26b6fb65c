import { Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { countNewlines, download, type Session } from './http-client';
import { cpuSeconds, traceRss, type RssSummary } from './portal';

// Export throughput, two ways over the same slice: PostgreSQL's COPY read by
// a pg-copy-streams client (what the database alone can deliver), and the
// portal's HTTP endpoint read by fetch. Both readers count and discard the
// bytes, so neither pays for a disk the other does not.

export type Throughput = { lines: number; bytes: number; seconds: number };
/** `serverCpu`: CPU seconds the portal process spent; `encoding`: the response's content-encoding. */
export type HttpExport = Throughput & { rss: RssSummary; serverCpu: number; encoding: string };

export const linesPerSecond = (t: Throughput) => t.lines / t.seconds;
export const megabytesPerSecond = (t: Throughput) => t.bytes / 1e6 / t.seconds;

/** Runs a COPY ... TO STDOUT on its own connection (through the endpoint's decoder, if it has one) and throws the bytes away. `headerLines` is 1 for CSV with HEADER. */
export async function copyToNull(databaseUrl: string, sql: string, headerLines = 0, decoder: Transform | null = null): Promise<Throughput> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let bytes = 0;
    let newlines = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        newlines += countNewlines(chunk);
        callback();
      },
    });
    const started = performance.now();
    const source = client.query(copyTo(sql));
    await (decoder ? pipeline(source, decoder, sink) : pipeline(source, sink));
    const seconds = (performance.now() - started) / 1000;
    // rowCount comes from PostgreSQL's COPY tag; the newline count is a cross-check of the same thing.
    if (source.rowCount !== newlines - headerLines) throw new Error(`COPY said ${source.rowCount} rows but sent ${newlines} lines`);
    return { lines: source.rowCount, bytes, seconds };
  } finally {
    await client.end();
  }
}

/** Downloads an export while sampling the server's RSS every 100 ms. `headerLines` is 1 for CSV. */
export async function httpExport(session: Session, serverPid: number, pathAndQuery: string, options: { headerLines?: number; acceptEncoding?: string } = {}): Promise<HttpExport> {
  const cpuBefore = await cpuSeconds(serverPid);
  const trace = await traceRss(serverPid);
  const result = await download(session, pathAndQuery, options.acceptEncoding);
  const rss = await trace.stopAndSummarize();
  const serverCpu = (await cpuSeconds(serverPid)) - cpuBefore;
  return { lines: result.newlines - (options.headerLines ?? 0), bytes: result.bytes, seconds: result.seconds, rss, serverCpu, encoding: result.contentEncoding };
}

export function exportPath(installationId: string, from: Date, to: Date, format: 'ndjson' | 'csv'): string {
  const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), format });
  return `/api/v1/installations/${installationId}/logs/export?${query}`;
}
