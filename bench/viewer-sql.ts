import './server-only';
import { spawn } from 'node:child_process';
import { findLogSlice, type LogSliceOptions } from '@/lib/logs/find-log-slice';

// The viewer's own SQL, taken from findLogSlice itself so it cannot drift:
// the process-wide pool it reads from globalThis (lib/db/prisma.ts) is
// swapped, for one call, for one that records the query and returns no rows.

export type Sql = { text: string; values: unknown[] };

export async function viewerSql(options: LogSliceOptions): Promise<Sql> {
  const cache = globalThis as { logsharePool?: unknown };
  const saved = cache.logsharePool;
  let captured: Sql | undefined;
  cache.logsharePool = {
    query: async (text: string, values: unknown[]) => {
      captured = { text, values };
      return { rows: [] };
    },
  };
  try {
    await findLogSlice(options);
  } finally {
    cache.logsharePool = saved;
  }
  if (!captured) throw new Error('findLogSlice ran no query');
  return captured;
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
