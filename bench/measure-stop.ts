import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureDatabase } from '@/lib/db/databases';
import { startEmbeddedPostgres } from '@/lib/db/embedded-postgres';
import type { BenchConfig } from './config';
import { prepareDatabase } from './measure-ingest';
import { startPortal } from './portal';
import { int, ms, printTable, say, type Row } from './report';
import { addVendorDeveloper, share } from './vendor-access';

// How fast `npm start` stops on SIGTERM: the portal as `npm start` runs it
// by default, with its embedded PostgreSQL in a data folder of its own, a
// download in progress (a client that read the first bytes of a ~20 MB export
// and stopped reading) and an idle keep-alive connection; from SIGTERM to the
// process's exit, then whether any of its postgres processes is left. Beside
// it, a bare node:http server (bench/bare-stop-server.ts) with the same two
// connections, closed with server.close() and closeAllConnections().

const ROUNDS = 3;
const LINES = 40_000;
const TARGET_SECONDS = 2;

/** Every process under `pid`, children first found through /proc. */
async function descendants(pid: number): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  const children = (await Promise.all(tasks.map((t) => readFile(`/proc/${pid}/task/${t}/children`, 'utf8').catch(() => ''))))
    .flatMap((text) => text.split(' ').filter(Boolean).map(Number));
  return [...children, ...(await Promise.all(children.map(descendants))).flat()];
}

async function postgresUnder(pid: number): Promise<number[]> {
  const all = await descendants(pid);
  const names = await Promise.all(all.map((p) => readFile(`/proc/${p}/comm`, 'utf8').catch(() => '')));
  return all.filter((_, i) => names[i]!.trim().startsWith('postgres'));
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The two connections a stop must deal with: an idle keep-alive one, and a download whose client read its first bytes and stopped. */
async function openConnections(baseUrl: string, healthPath: string, downloadPath: string, headers: Record<string, string>) {
  const agent = new http.Agent({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    http.get(`${baseUrl}${healthPath}`, { agent }, (response) => response.resume().on('end', resolve)).on('error', reject);
  });
  let outcome: Promise<'complete' | 'cut off'> = Promise.resolve('complete');
  let resume = () => undefined as void;
  await new Promise<void>((resolve, reject) => {
    http
      .get(`${baseUrl}${downloadPath}`, { agent, headers }, (response) => {
        if (response.statusCode !== 200) reject(new Error(`GET ${downloadPath}: ${response.statusCode}`));
        resume = () => void response.resume();
        outcome = new Promise((settle) => {
          response.on('end', () => settle('complete'));
          response.on('error', () => settle('cut off'));
          response.on('aborted', () => settle('cut off'));
        });
        response.once('data', () => {
          response.pause();
          resolve();
        });
      })
      .on('error', reject);
  });
  // The server fills the socket's buffers and its own queue, then waits for the client.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    /** After the stop: how the download ended (the client reads again: does it find the file cut off, or whole?). */
    async download() {
      resume();
      return Promise.race([outcome, new Promise<'still open'>((r) => setTimeout(() => r('still open'), 5_000))]);
    },
    agent,
  };
}

/** A data folder as `npm start` leaves it, with an app whose one site shares its logs, a developer's API token and a day's lines to download. */
async function prepareDataFolder(dir: string): Promise<string> {
  const postgres = await startEmbeddedPostgres(dir);
  try {
    const url = await ensureDatabase(postgres.url, 'logshare');
    const { ids } = await prepareDatabase(url, 1);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const token = await addVendorDeveloper(client);
      await share(client, ids[0]!);
      await client.query(
        `INSERT INTO log_lines (installation_id, ts, level, message, pii_kinds, plain_ids, plain_message)
         SELECT $1, now() - interval '1 minute' - g * interval '1 ms', 'INFO', repeat('y', 500), 0, true, true FROM generate_series(1, $2) g`,
        [ids[0], LINES],
      );
      return token;
    } finally {
      await client.end();
    }
  } finally {
    await postgres.stop();
  }
}

type Stop = { seconds: number; download: string; postgresBefore: number; postgresLeft: number };

async function stopPortalOnce(config: BenchConfig, dir: string, token: string): Promise<Stop> {
  const portal = await startPortal({ distDir: config.distDir, env: { LOGSHARE_DATA_DIR: dir } });
  const from = new Date(Date.now() - 86_400_000).toISOString();
  const to = new Date(Date.now() + 60_000).toISOString();
  const connections = await openConnections(portal.baseUrl, '/api/health', `/api/v1/apps/bi_app/logs/export?from=${from}&to=${to}&format=ndjson`, {
    authorization: `Bearer ${token}`,
    'accept-encoding': 'identity',
  });
  const postgres = await postgresUnder(portal.pid);
  const seconds = await portal.stop();
  const download = await connections.download();
  connections.agent.destroy();
  return { seconds, download, postgresBefore: postgres.length, postgresLeft: postgres.filter(isAlive).length };
}

async function stopBareOnce(): Promise<Stop> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-stop-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
  });
  const connections = await openConnections(`http://127.0.0.1:${port}`, '/health', '/download', {});
  const started = performance.now();
  child.kill('SIGTERM');
  await exited;
  const seconds = (performance.now() - started) / 1000;
  const download = await connections.download();
  connections.agent.destroy();
  return { seconds, download, postgresBefore: 0, postgresLeft: 0 };
}

export async function measureStop(config: BenchConfig): Promise<Row[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'logshare-bench-stop-'));
  say(`\nstop: npm start's portal on its embedded PostgreSQL (data in ${dir}), a download of ${int(LINES)} lines in progress and a keep-alive connection, SIGTERM, ${ROUNDS} times`);
  const portal: Stop[] = [];
  const bare: Stop[] = [];
  try {
    const token = await prepareDataFolder(dir);
    for (let round = 0; round < ROUNDS; round++) {
      portal.push(await stopPortalOnce(config, dir, token));
      bare.push(await stopBareOnce());
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const times = (all: Stop[]) => all.map((s) => ms(s.seconds)).join(', ');
  const downloads = (all: Stop[]) => [...new Set(all.map((s) => s.download))].join(' / ');
  return [
    {
      measure: `npm start: SIGTERM to exit, ${ROUNDS} times`,
      value: `${times(portal)} (the download: ${downloads(portal)})`,
      target: '< 2 s',
      met: portal.every((s) => s.seconds < TARGET_SECONDS),
    },
    {
      measure: 'postgres processes left after the exit',
      value: portal.map((s) => `${s.postgresLeft} of ${s.postgresBefore}`).join(', '),
      target: 'none',
      met: portal.every((s) => s.postgresBefore > 0 && s.postgresLeft === 0),
    },
    { measure: 'bare node:http, close + closeAllConnections', value: `${times(bare)} (the download: ${downloads(bare)})` },
  ];
}

/** `BENCH_ONLY=stop npm run bench`: this measure alone. */
export async function runStopBench(config: BenchConfig) {
  printTable(await measureStop(config));
}
