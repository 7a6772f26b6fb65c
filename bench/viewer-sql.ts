import './server-only';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { findLogSlice, type LogSliceOptions } from '@/lib/logs/find-log-slice';
import { GET as viewerRoute } from '@/app/api/v1/apps/[appId]/logs/route';

// The viewer's own SQL, taken from the portal's code itself so it cannot
// drift: the process-wide pool it reads from globalThis (lib/db/prisma.ts) is
// swapped, for one call, for one that records the queries.

export type Sql = { text: string; values: unknown[] };
/** A statement as node-postgres gets it: a named one is prepared once per connection. */
export type Statement = Sql & { name?: string };

/** Runs `run` with the process-wide pool (lib/db/prisma.ts keeps it on globalThis) swapped for `pool`. */
async function withPool<T>(pool: unknown, run: () => Promise<T>): Promise<T> {
  const cache = globalThis as { logsharePool?: unknown };
  const saved = cache.logsharePool;
  cache.logsharePool = pool;
  try {
    return await run();
  } finally {
    cache.logsharePool = saved;
  }
}

export async function viewerSql(options: LogSliceOptions): Promise<Sql> {
  let captured: Sql | undefined;
  const recorder = {
    query: async (text: string, values: unknown[]) => {
      captured = { text, values };
      return { rows: [] };
    },
  };
  await withPool(recorder, () => findLogSlice(options));
  if (!captured) throw new Error('findLogSlice ran no query');
  return captured;
}

type QueryConfig = string | { text: string; values?: unknown[]; name?: string };

/**
 * Every statement the portal runs to answer one viewer request, in order:
 * the route handler itself is called, on a pool that records each query and
 * passes it on to the database. The second of two calls is the one kept, as
 * the first may also note the token's last use (once a minute).
 */
export async function viewerRouteStatements(databaseUrl: string, request: { url: string; headers?: Record<string, string> }, appId: string): Promise<Statement[]> {
  // The handler reads its settings from the environment, as in the portal.
  process.env.DATABASE_URL ??= databaseUrl;
  process.env.NEXTAUTH_SECRET ??= 'logshare-bench-secret-0123456789';
  process.env.LOG_LEVEL ??= 'warn'; // its request log lines would land among the figures
  const real = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  let recorded: Statement[] = [];
  const recorder = {
    query: (config: QueryConfig, values?: unknown[]) => {
      const statement = typeof config === 'string' ? { text: config, values: values ?? [] } : { text: config.text, values: config.values ?? values ?? [], name: config.name };
      recorded.push(statement);
      return real.query(statement);
    },
    // Prisma takes whole connections; a handler that used it would run statements this cannot see.
    connect: () => Promise.reject(new Error('the viewer route used a pooled connection directly; its statements cannot be recorded')),
  };
  try {
    await withPool(recorder, async () => {
      for (let call = 0; call < 2; call++) {
        recorded = [];
        const response = await viewerRoute(new Request(request.url, { headers: request.headers }), { params: Promise.resolve({ appId }) });
        if (response.status !== 200) throw new Error(`the viewer route answered ${response.status}: ${await response.text()}`);
      }
    });
  } finally {
    await real.end();
  }
  return recorded;
}

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** A bound value as a psql literal, left untyped so PostgreSQL infers the type as it does for the bound parameter. */
function literal(value: unknown): string {
  if (Array.isArray(value)) return quote(`{${value.map((v) => `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`);
  if (value instanceof Date) return quote(value.toISOString());
  if (typeof value === 'number') return String(value);
  return quote(String(value));
}

/**
 * Runs the statement `runs` times in one psql session (PREPARE / EXECUTE with
 * custom plans, as the unnamed statements of node-postgres get) and returns
 * psql's own `\timing` of each run, in seconds.
 */
export async function psqlTimings(databaseUrl: string, sql: Sql, runs: number): Promise<number[]> {
  const execute = `EXECUTE bench_q(${sql.values.map(literal).join(', ')});`;
  const script = [
    'SET plan_cache_mode = force_custom_plan;',
    `PREPARE bench_q AS ${sql.text};`,
    '\\o /dev/null',
    '\\timing on',
    ...Array.from({ length: runs }, () => execute),
  ].join('\n');
  const url = new URL(databaseUrl);
  const args = ['-X', '-v', 'ON_ERROR_STOP=1', '-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username), '-d', url.pathname.slice(1)];
  const child = spawn('psql', args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) } });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  child.stdin.end(script);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`psql exited with ${code}: ${err}`);
  const times = [...out.matchAll(/^Time: ([\d.]+) ms/gm)].map((m) => Number(m[1]) / 1000);
  if (times.length !== runs) throw new Error(`psql printed ${times.length} timings, not ${runs}: ${out}${err}`);
  return times;
}
