// `npm test`: every kind of test, in order of speed. Lint, types, unit
// tests; then a fresh database for the run (on TEST_DATABASE_URL's server,
// or the embedded PostgreSQL) for integration tests; then the built portal on
// another fresh database with the demo data, driven by Playwright in Chromium.
// The run's databases are dropped at the end, pass or fail.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { dropDatabase, ensureDatabase } from '@/lib/db/databases';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '@/lib/db/embedded-postgres';
import { migrate } from '@/lib/db/migrate';
import { findChromium } from '@/scripts/lib/find-chromium';

const root = process.cwd();
const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const created: string[] = [];
let embedded: EmbeddedDatabase | undefined;
let portal: ChildProcess | undefined;

function run(label: string, command: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  process.stdout.write(`\n=== ${label}\n`);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', reject);
    child.on('exit', (code) => {
      process.stdout.write(`=== ${label}: ${code === 0 ? 'ok' : `failed (${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      if (code === 0) resolve();
      else reject(new Error(`${label} failed`));
    });
  });
}

const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

async function freshDatabase(serverUrl: string, purpose: string): Promise<string> {
  const name = `logshare_test_${runId}_${purpose}`;
  created.push(name);
  const url = await ensureDatabase(serverUrl, name);
  await migrate(url);
  return url;
}

/** e2e/webhooks.spec.ts: its receiver listens on 127.0.0.1, and a retry comes within a second instead of 30 s. */
const E2E_WEBHOOKS = { WEBHOOK_ALLOW_LOOPBACK: '1', WEBHOOK_DELIVERY_INTERVAL_MS: '250', WEBHOOK_FIRST_RETRY_MS: '500' };

/** The built portal on free ports: its HTTP URL and its OTLP/gRPC port. */
async function startPortal(databaseUrl: string): Promise<{ url: string; grpcPort: number }> {
  const port = await freePort();
  const grpcPort = await freePort();
  portal = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', DEMO: '1', DEMO_LOG_LINES: '50000', LOG_LEVEL: 'warn', LOGSHARE_DEV_OUTBOX: '1', OTLP_GRPC_PORT: String(grpcPort), ...E2E_WEBHOOKS },
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 5 * 60_000; // includes a build when the sources changed
  while (Date.now() < deadline) {
    if (portal.exitCode !== null) throw new Error('The portal exited before it was ready');
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok).catch(() => false);
    if (ok) return { url, grpcPort };
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('The portal did not become healthy in 5 minutes');
}

async function main() {
  await run('lint', bin('eslint'), ['.']);
  await run('type-check', 'npm', ['run', '--silent', 'typecheck']);
  await run('unit tests', bin('vitest'), ['run', '--project', 'unit']);

  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres(path.join(root, '.data', 'test'));
    serverUrl = embedded.url;
  }
  const integrationDb = await freshDatabase(serverUrl, 'int');
  await run('integration tests', bin('vitest'), ['run', '--project', 'integration'], { TEST_DATABASE_URL: integrationDb });

  const { executablePath } = findChromium();
  const e2eDb = await freshDatabase(serverUrl, 'e2e');
  const { url: baseUrl, grpcPort } = await startPortal(e2eDb);
  await run('end-to-end tests', bin('playwright'), ['test'], {
    E2E_BASE_URL: baseUrl,
    E2E_OTLP_GRPC_PORT: String(grpcPort),
    E2E_DATABASE_URL: e2eDb,
    CHROMIUM_PATH: executablePath ?? '',
  });
}

async function cleanUp() {
  if (portal && portal.exitCode === null) {
    const exited = new Promise((r) => portal!.once('exit', r));
    portal.kill('SIGTERM');
    await exited;
  }
  const serverUrl = process.env.TEST_DATABASE_URL ?? embedded?.url;
  if (serverUrl) for (const name of created) await dropDatabase(serverUrl, name).catch(() => undefined);
  await embedded?.stop();
}

main()
  .then(async () => {
    await cleanUp();
    process.stdout.write('\nAll test suites passed.\n');
  })
  .catch(async (error: unknown) => {
    process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
    await cleanUp();
    process.exit(1);
  });
