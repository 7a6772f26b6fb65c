// `npm start`: the whole portal in one process. Without DATABASE_URL it
// starts the embedded PostgreSQL (data in .data/), migrates, seeds the demo
// on first start, builds the app if the build is missing or older than the
// sources, and serves it. Ctrl-C / SIGTERM stop the server and the database.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { buildDir, buildIsStale, runNextBuild } from '@/scripts/lib/build';
import { answerUndecodablePath, hasUndecodablePath } from '@/scripts/lib/undecodable-path';
import { ensureDatabase } from '@/lib/db/databases';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@/lib/db/embedded-postgres';
import { ensureLogPartitions, isLockTimeout } from '@/lib/db/log-partitions';
import { migrate } from '@/lib/db/migrate';
import { createPool, processDb } from '@/lib/db/client';
import { DEMO_PASSWORD, DEMO_USERS } from '@/lib/demo/identities';
import { seedDemo } from '@/lib/demo/seed-demo';
import { serverEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { parseTrustedProxies } from '@/lib/security/client-address';
import { announceClientStamping, stampClientHeaders } from '@/lib/api/client-headers';
import { precompressStaticAssets, staticAssetHandler } from '@/scripts/lib/static-assets';
import { STOP_WITHIN_MS, stopPortal } from '@/scripts/lib/stop-portal';
import { processOtlpGrpc, type OtlpGrpcListener } from '@/lib/grpc/otlp-grpc-bridge';

const root = process.cwd();
const dataRoot = path.resolve(process.env.LOGSHARE_DATA_DIR ?? path.join(root, '.data'));
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
// `npm run dev`: the same database, demo and stop, with Next's dev server (hot reload) instead of a build.
const dev = process.argv.includes('--dev');
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

let embedded: EmbeddedDatabase | undefined;
let server: http.Server | undefined;
let otlpGrpc: OtlpGrpcListener | undefined;

async function main() {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT must be a port number, not "${process.env.PORT}"`);

  const usesEmbedded = !process.env.DATABASE_URL;
  if (usesEmbedded) {
    embedded = await startEmbeddedPostgres(dataRoot);
    process.env.DATABASE_URL = await ensureDatabase(embedded.url, 'logshare');
    log.info('embedded PostgreSQL is up', { port: embedded.port, dataDir: path.join(dataRoot, 'postgres') });
  }
  const databaseUrl = process.env.DATABASE_URL as string;
  process.env.NEXTAUTH_SECRET ??= await persistentSecret();
  process.env.NEXTAUTH_URL ??= `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

  const { applied } = await migrate(databaseUrl);
  if (applied.length) log.info('migrations applied', { applied });
  const pool = createPool(databaseUrl, 2);
  // Busy (another server's long download holds log_lines): the hourly maintenance tries again.
  await ensureLogPartitions(pool, { retentionDays: Number(process.env.LOG_RETENTION_DAYS ?? 30) }).catch((error: unknown) => {
    if (!isLockTimeout(error)) throw error;
    log.warn('log partitions are busy; the maintenance job will create them');
  });
  await pool.end();

  // Demo data by default on the embedded database only; DEMO=1 / DEMO=0 decide elsewhere.
  const demo = process.env.DEMO ? process.env.DEMO !== '0' : usesEmbedded;
  if (demo) {
    const result = await seedDemo({ databaseUrl, totalLogLines: Number(process.env.DEMO_LOG_LINES ?? 200_000) });
    if (result.seeded) log.info('demo data seeded', { logLines: result.logLines });
  }

  if (!dev && process.env.SKIP_BUILD !== '1' && (await buildIsStale(root))) await runNextBuild(root);

  const distDir = buildDir(root);
  if (!dev) {
    const compressed = await precompressStaticAssets(distDir);
    if (compressed) log.info('static assets compressed', { files: compressed });
  }
  const serveStaticAsset = dev ? () => false : staticAssetHandler(distDir);

  const app = next({ dev, dir: root, hostname: host, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  // Only this server sees the socket: it tells the app who the client is (lib/api/client-headers.ts).
  const trustedProxies = parseTrustedProxies(serverEnv().TRUSTED_PROXIES);
  announceClientStamping();
  server = http.createServer((req, res) => {
    if (hasUndecodablePath(req.url)) return answerUndecodablePath(res);
    if (serveStaticAsset(req, res)) return;
    stampClientHeaders(req, trustedProxies);
    void handle(req, res);
  });
  // An idle keep-alive connection is closed by the client (or its load balancer, commonly after 60 s)
  // before this server closes it: a request sent as the server closes the socket would be lost (ECONNRESET).
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  await new Promise<void>((resolve, reject) => {
    server!.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} on ${host} is in use; set PORT to another port.`) : error),
    );
    server!.listen(port, host, resolve);
  });
  otlpGrpc = await startOtlpGrpc();
  printBanner(demo);
}

/** The OTLP/gRPC listener on HOST and OTLP_GRPC_PORT (0: none), from the app's bundle (lib/grpc/otlp-grpc-bridge.ts says why). */
async function startOtlpGrpc(): Promise<OtlpGrpcListener | undefined> {
  const grpcPort = serverEnv().OTLP_GRPC_PORT;
  if (grpcPort === 0) return undefined;
  // A production Next.js server prepares itself, and so runs instrumentation.ts's register(), on its first
  // request, not in app.prepare(): a request to itself has it ready (and warm) before the listener is wanted.
  if (!processOtlpGrpc.logshareStartOtlpGrpc) await requestSelf('/api/health');
  const start = processOtlpGrpc.logshareStartOtlpGrpc;
  if (!start) throw new Error('The OTLP/gRPC listener was not registered by instrumentation.ts');
  try {
    return await start({ host, port: grpcPort });
  } catch (error) {
    throw new Error(`OTLP_GRPC_PORT ${grpcPort} on ${host} cannot be bound (${error instanceof Error ? error.message : String(error)}); set OTLP_GRPC_PORT to another port, or 0 for no gRPC listener.`);
  }
}

/** One request to this process's own HTTP server, on a connection closed after it (a kept-alive one would hold up the stop). */
function requestSelf(path: string): Promise<void> {
  const hostname = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return new Promise((resolve) => {
    const request = http.get({ hostname, port, path, agent: false }, (response) => response.resume().on('end', resolve).on('error', () => resolve()));
    request.on('error', () => resolve());
  });
}

async function persistentSecret(): Promise<string> {
  // Kept in .data so sessions survive a restart; production sets NEXTAUTH_SECRET.
  const file = path.join(dataRoot, 'nextauth-secret');
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (existing.trim().length >= 32) return existing.trim();
  await mkdir(dataRoot, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

function printBanner(demo: boolean) {
  const url = process.env.NEXTAUTH_URL;
  const lines = [`\n  Logshare is running on ${url}`];
  if (otlpGrpc) lines.push(`  OTLP/gRPC logs: ${host}:${otlpGrpc.port}`);
  if (demo) {
    lines.push(`  Demo sign-ins (password "${DEMO_PASSWORD}"):`);
    for (const u of DEMO_USERS) lines.push(`    ${u.email.padEnd(26)} ${u.description}`);
  }
  lines.push('  Stop with Ctrl-C.\n');
  process.stdout.write(lines.join('\n') + '\n');
}

async function shutdown(code: number) {
  const force = setTimeout(() => process.exit(code || 1), STOP_WITHIN_MS - 100);
  force.unref();
  await stopPortal({ server, otlpGrpc, pool: processDb.logsharePool, database: embedded }).catch((error: unknown) =>
    log.error('could not stop cleanly', { error }),
  );
  process.exit(code);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  // embedded-postgres registers its own handlers (through async-exit-hook) that
  // stop postgres at once and exit when it is down, cutting requests off
  // before the server has closed, or waiting 10 s for a postgres that had died.
  // This script owns the signals; its shutdown stops postgres last.
  process.removeAllListeners(signal);
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    void shutdown(0);
  });
}
process.on('uncaughtException', (error) => {
  log.error('uncaught exception; stopping', { error });
  if (stopping) return;
  stopping = true;
  void shutdown(1);
});

main().catch((error: unknown) => {
  log.error('Logshare did not start', { error: error instanceof Error ? error.message : error });
  void shutdown(1);
});
