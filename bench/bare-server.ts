import http from 'node:http';
import pg from 'pg';

// The baseline for the console viewer: a bare node:http + pg server, run as
// its own process (as the portal is). Each variant is a list of statements,
// passed in by the bench: the page's SQL alone (as findLogSlice builds it),
// or every statement the portal runs for the request. It runs them one after
// the other and answers the last one's rows as JSON. Started by
// measure-viewer.ts with DATABASE_URL and BENCH_BARE_QUERIES
// ({ name: { statements: [{ text, values, name? }], limit } }); prints its
// port on stdout.

type Statement = { text: string; values: unknown[]; name?: string };
type Query = { statements: Statement[]; limit: number };

const queries = JSON.parse(process.env.BENCH_BARE_QUERIES ?? '{}') as Record<string, Query>;
// The portal's pool size (lib/db/client.ts createPool).
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

const server = http.createServer((request, response) => {
  const name = new URL(request.url ?? '/', 'http://bare').searchParams.get('variant') ?? '';
  const query = queries[name];
  if (!query) {
    response.writeHead(404).end();
    return;
  }
  run(query.statements).then(
    (rows) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ lines: rows.slice(0, query.limit) }));
    },
    (error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    },
  );
});

async function run(statements: Statement[]): Promise<unknown[]> {
  let rows: unknown[] = [];
  for (const statement of statements) rows = (await pool.query(statement)).rows;
  return rows;
}

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as { port: number }).port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
