import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// The portal as its own process, started the way `npm start` does, on the
// bench database. The child is the node process that serves the requests
// in-process, so its pid is the one whose memory is sampled.

/** stop() sends SIGTERM and resolves, once the process has exited, to the seconds that took. */
export type Portal = { baseUrl: string; grpcPort: number; pid: number; logFile: string; stop: () => Promise<number> };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Without databaseUrl the portal starts its embedded PostgreSQL (in env.LOGSHARE_DATA_DIR), as `npm start` does by default. */
export async function startPortal(options: { databaseUrl?: string; distDir: string; env?: Record<string, string> }): Promise<Portal> {
  // BENCH_PORTAL_PORTS=3122,3123 pins its HTTP and OTLP/gRPC ports (a shared machine hands out port ranges).
  const [pinnedPort, pinnedGrpcPort] = (process.env.BENCH_PORTAL_PORTS ?? '').split(',').map(Number);
  const port = pinnedPort || (await freePort());
  // Its own OTLP/gRPC port too: 4317 may be another portal's.
  const grpcPort = pinnedGrpcPort || (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = path.join(os.tmpdir(), `logshare-bench-portal-${port}.log`);
  const out = createWriteStream(logFile);
  // start.ts derives NEXTAUTH_URL from HOST and PORT; one inherited from the shell would point elsewhere.
  // DATABASE_URL is the bench's choice, not the shell's.
  const { NEXTAUTH_URL: _ignored, DATABASE_URL: _inherited, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...inherited,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      DEMO: '0',
      PORT: String(port),
      OTLP_GRPC_PORT: String(grpcPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NEXTAUTH_SECRET: 'logshare-bench-secret-0123456789',
      NEXT_DIST_DIR: options.distDir,
      ...options.env,
    },
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  if (!child.pid) throw new Error('could not start the portal');

  // The first start builds into distDir (about a minute); later ones only boot.
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    const code = await Promise.race([exited, new Promise<'wait'>((r) => setTimeout(() => r('wait'), 500))]);
    if (code !== 'wait') throw new Error(`the portal exited (code ${code}) before answering; see ${logFile}`);
    const healthy = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      await stop(child, exited);
      throw new Error(`the portal did not answer within 15 minutes; see ${logFile}`);
    }
  }
  return { baseUrl, grpcPort, pid: child.pid, logFile, stop: () => stop(child, exited) };
}

async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<number> {
  if (child.exitCode !== null || child.signalCode !== null) return 0;
  const started = performance.now();
  child.kill('SIGTERM');
  // start.ts forces its own exit after 10 s; give it a little more before SIGKILL.
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
  return (performance.now() - started) / 1000;
}

/** Resident memory of a process in bytes (VmRSS from /proc). */
export async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) * 1024;
}

/** CPU time (user + system) a process has used, in seconds; Linux counts it in 1/100 s ticks. */
export async function cpuSeconds(pid: number, file = `/proc/${pid}/stat`): Promise<number> {
  const stat = await readFile(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU time of a process's main thread alone (its task whose id is the pid): where Node runs JavaScript other than workers. */
export async function mainThreadCpuSeconds(pid: number): Promise<number> {
  return cpuSeconds(pid, `/proc/${pid}/task/${pid}/stat`);
}

export type RssTrace = { before: number; samples: number[]; stopAndSummarize: () => Promise<RssSummary> };
export type RssSummary = { before: number; peak: number; end: number; growth: number; samples: number };

/** Samples the RSS of `pid` every 100 ms until stopped. */
export async function traceRss(pid: number): Promise<RssTrace> {
  const before = await residentBytes(pid);
  const samples: number[] = [before];
  let pending = Promise.resolve();
  const timer = setInterval(() => {
    pending = residentBytes(pid).then(
      (bytes) => void samples.push(bytes),
      () => undefined,
    );
  }, 100);
  return {
    before,
    samples,
    async stopAndSummarize() {
      clearInterval(timer);
      await pending;
      samples.push(await residentBytes(pid));
      const peak = Math.max(...samples);
      return { before, peak, end: samples.at(-1) as number, growth: peak - before, samples: samples.length };
    },
  };
}
