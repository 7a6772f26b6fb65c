import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as exportAppLogsRoute } from '@/app/api/v1/apps/[appId]/logs/export/route';
import { serveRoute, type ServedRoute } from '@/lib/test-support/serve-route';
import { createApiToken } from '@/lib/api-tokens/api-tokens';
import { db, pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { disableLogAccess, enableLogAccess } from '@/lib/log-access/change-log-access';
import { streamLogExport, type ExportOptions, type ExportResult } from '@/lib/logs/export-logs';
import { appId, installationId } from '@/lib/test-support/demo-lookups';
import { meta, person, vendorViewer } from '@/lib/test-support/identities';

// Downloads under faults, over real sockets, written to them by Next.js's own
// response writer: the client hangs up mid-file, stops reading, the access
// ends (an AbortSignal), or the database connection is killed. The process
// must survive (an uncaught error fails the run), the pooled connection and
// its transaction must be released, and the audit row must count only the
// lines that went out.

const LINES = 60_000;
const MARKER = 'export-fault';

type Received = { status: number; bytes: number; text: string; ended: 'end' | 'error' | 'hung-up' };

/** GETs `url`; hangs up after `hangUpAfter` bytes, pauses after `pauseAfter` bytes (then `whenPaused`), else reads to the end. */
function download(url: string, options: { headers?: Record<string, string>; hangUpAfter?: number; pauseAfter?: number; whenPaused?: (resume: () => void) => void; onFirstBytes?: () => void } = {}): Promise<Received> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let paused = false;
    const request = http.get(url, { headers: options.headers }, (response) => {
      const done = (ended: Received['ended']) => resolve({ status: response.statusCode!, bytes, text: Buffer.concat(chunks).toString(), ended });
      response.on('data', (chunk: Buffer) => {
        if (bytes === 0) options.onFirstBytes?.();
        chunks.push(chunk);
        bytes += chunk.length;
        if (options.hangUpAfter !== undefined && bytes >= options.hangUpAfter) {
          request.destroy();
          done('hung-up');
        } else if (options.pauseAfter !== undefined && bytes >= options.pauseAfter && !paused) {
          paused = true;
          response.pause();
          options.whenPaused?.(() => response.resume());
        }
      });
      response.on('end', () => done('end'));
      response.on('error', () => done('error'));
      response.on('aborted', () => done('error'));
    });
    request.on('error', (error) => (bytes > 0 ? resolve({ status: 0, bytes, text: Buffer.concat(chunks).toString(), ended: 'error' }) : reject(error)));
  });
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** No export left running or holding a transaction on the server, and every pooled client back in the pool. */
async function exportsReleased(): Promise<boolean> {
  const pool = pgPool();
  if (pool.idleCount !== pool.totalCount || pool.waitingCount !== 0) return false;
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND (query LIKE 'COPY%' OR state LIKE 'idle in transaction%')`,
  );
  return rows[0]!.n === '0';
}

describe('downloads under faults', () => {
  let app: string;
  let installation: string;
  let token: string;
  const to = new Date();
  const from = new Date(to.getTime() - 86_400_000);
  let exportUrl: string;
  let route: ServedRoute;

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 100, reset: true });
    app = await appId('Timesheet Pro');
    installation = await installationId('Timesheet Pro', 'acme.atlassian.net');
    const admin = await person('admin@acme.example');
    await enableLogAccess({ installationId: installation, actor: admin, meta, expiresAt: null });
    // About 32 MB of lines in the ten minutes before `to`: far more than the socket buffers hold.
    await pgPool().query(
      `INSERT INTO log_lines (installation_id, ts, level, message, pii_kinds, plain_ids, plain_message)
       SELECT $1, $4::timestamptz - g * interval '10 ms', 'INFO', $2 || ' ' || g || ' ' || repeat('x', 500), 0, true, true FROM generate_series(1, $3::int) g`,
      [installation, MARKER, LINES, to],
    );
    token = (await createApiToken({ user: await vendorViewer('dev@lumen.example'), name: 'faults', expiresAt: null, meta })).secret;
    route = await serveRoute(exportAppLogsRoute, { appId: app });
    exportUrl = `${route.url}/api/v1/apps/${app}/logs/export?from=${from.toISOString()}&to=${to.toISOString()}&format=ndjson&mask=false&q=${MARKER}`;
  });
  afterAll(async () => route?.close());

  const options = (): ExportOptions => ({ sources: [{ installationId: installation, site: 'acme.atlassian.net', environment: 'PRODUCTION' }], from, to, format: 'ndjson', mask: false });

  /** Serves streamLogExport alone, with the given control, and hands back what it recorded. */
  async function serveExport(control: Parameters<typeof streamLogExport>[2]) {
    let recorded!: (result: ExportResult) => void;
    const result = new Promise<ExportResult>((resolve) => (recorded = resolve));
    const served = await serveRoute(async () => new Response(await streamLogExport(options(), async (r) => recorded(r), control)));
    return { served, result };
  }

  it('survives downloads cancelled mid-file, again and again, releasing each connection and recording only what was sent', async () => {
    const before = new Date();
    for (let i = 0; i < 15; i++) {
      const received = await download(exportUrl, { headers: { authorization: `Bearer ${token}` }, hangUpAfter: 100_000 + i * 7_000 });
      expect(received).toMatchObject({ status: 200, ended: 'hung-up' });
    }
    await waitFor('the exports to be released', exportsReleased);
    // One audit row per download, each cut short, with no more lines than went out.
    await waitFor('the audit rows', async () => (await db().auditEvent.count({ where: { occurredAt: { gte: before }, action: 'VENDOR_LOGS_READ' } })) === 15);
    const rows = await db().auditEvent.findMany({ where: { occurredAt: { gte: before }, action: 'VENDOR_LOGS_READ' } });
    for (const row of rows) {
      const details = row.details as { kind: string; completed: boolean; lines: number };
      expect(details).toMatchObject({ kind: 'export', completed: false });
      expect(details.lines).toBeGreaterThan(0);
      // What went into the socket: the client read a few hundred KB, the kernel's buffers hold a few MB more.
      expect(details.lines).toBeLessThan(LINES / 2);
    }
    // And the next download is whole.
    const whole = await download(exportUrl, { headers: { authorization: `Bearer ${token}` } });
    expect(whole.ended).toBe('end');
    expect(whole.text.trimEnd().split('\n')).toHaveLength(LINES);
  });

  it('ends a download the client stopped reading after the write timeout, releasing its connection and transaction', async () => {
    const { served, result } = await serveExport({ writeTimeoutMs: 300 });
    try {
      let resumeClient!: () => void;
      const received = download(served.url, { pauseAfter: 50_000, whenPaused: (resume) => (resumeClient = resume) });
      const recorded = await result;
      expect(recorded.completed).toBe(false);
      expect(recorded.lines).toBeGreaterThan(0);
      expect(recorded.lines).toBeLessThan(LINES);
      await waitFor('the export to be released', exportsReleased);
      // The client, reading again, gets what was queued and then a broken response, not a short "complete" file.
      resumeClient();
      const got = await received;
      expect(got.ended).toBe('error');
      expect(got.text.split('\n').length - 1).toBeLessThanOrEqual(recorded.lines);
    } finally {
      await served.close();
    }
  });

  it('ends a download when its signal aborts; the client sees it fail and the row counts what was sent', async () => {
    const access = new AbortController();
    const { served, result } = await serveExport({ signal: access.signal });
    try {
      const received = await download(served.url, {
        pauseAfter: 100_000,
        whenPaused: (resume) => {
          access.abort(new Error('log access ended'));
          setTimeout(resume, 100);
        },
      });
      // Paused with megabytes still to come: only the abort can have ended it.
      expect(received.ended).toBe('error');
      const recorded = await result;
      expect(recorded.completed).toBe(false);
      expect(recorded.lines).toBeGreaterThan(0);
      expect(recorded.lines).toBeLessThan(LINES);
      expect(received.text.split('\n').length - 1).toBeLessThanOrEqual(recorded.lines);
      await waitFor('the export to be released', exportsReleased);
    } finally {
      await served.close();
    }
  });

  it('survives its database connection being killed mid-download, and the next download is whole', async () => {
    const { served, result } = await serveExport({});
    try {
      const received = await download(served.url, {
        pauseAfter: 100_000,
        whenPaused: (resume) => {
          void pgPool()
            .query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'COPY%' AND pid <> pg_backend_pid()`)
            .then(() => setTimeout(resume, 200));
        },
      });
      expect(received.ended).toBe('error');
      expect((await result).completed).toBe(false);
      await waitFor('the export to be released', exportsReleased);
    } finally {
      await served.close();
    }
    const whole = await download(exportUrl, { headers: { authorization: `Bearer ${token}` } });
    expect(whole.text.trimEnd().split('\n')).toHaveLength(LINES);
  });
  it("ends a vendor's download when the site disables access, and its audit row counts only what was sent", async () => {
    const admin = await person('admin@acme.example');
    const before = new Date();
    try {
      const received = await download(exportUrl, {
        headers: { authorization: `Bearer ${token}` },
        pauseAfter: 100_000,
        whenPaused: (resume) => {
          void disableLogAccess({ installationId: installation, actor: admin, meta }).then(() => setTimeout(resume, 100));
        },
      });
      // Paused with megabytes still to come: only the revoke can have ended it.
      expect(received.ended).toBe('error');
      // The earlier tests' whole downloads may still be recording theirs: this one is the download cut short.
      const cutShort = { occurredAt: { gte: before }, action: 'VENDOR_LOGS_READ' as const, details: { path: ['completed'], equals: false } };
      await waitFor('the audit row', async () => (await db().auditEvent.count({ where: cutShort })) === 1);
      const row = await db().auditEvent.findFirstOrThrow({ where: cutShort });
      const details = row.details as { lines: number };
      expect(details.lines).toBeGreaterThan(0);
      expect(details.lines).toBeLessThan(LINES);
      expect(received.text.split('\n').length - 1).toBeLessThanOrEqual(details.lines);
      await waitFor('the export to be released', exportsReleased);
    } finally {
      await enableLogAccess({ installationId: installation, actor: admin, meta, expiresAt: null });
    }
  });
});
