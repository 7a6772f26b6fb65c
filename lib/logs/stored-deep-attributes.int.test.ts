import { beforeAll, describe, expect, it } from 'vitest';
import { GET as readAppLogsRoute } from '@/app/api/v1/apps/[appId]/logs/route';
import { GET as tailAppLogsRoute } from '@/app/api/v1/apps/[appId]/logs/tail/route';
import { createApiToken } from '@/lib/api-tokens/api-tokens';
import { pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { enableLogAccess } from '@/lib/log-access/change-log-access';
import { findLogSlice } from '@/lib/logs/find-log-slice';
import { appId, installationId } from '@/lib/test-support/demo-lookups';
import { meta, person, vendorViewer } from '@/lib/test-support/identities';

// Nothing already stored may break a later read: a line whose attributes nest
// far beyond what ingest now takes (written before the bound, or by other
// means) is put straight into log_lines, and every read that serves
// attributes still answers, with those attributes as their JSON text.

// As deep as ingest once took (16 KiB of brackets); PostgreSQL itself refuses jsonb much deeper.
const DEPTH = 8_000;
const deepJson = `{"d":${'['.repeat(DEPTH)}1${']'.repeat(DEPTH)}}`;

describe('a stored line with deeply nested attributes', () => {
  let installation: string;
  let app: string;
  let apiToken: string;
  const from = new Date(Date.now() - 3_600_000);
  const to = new Date(Date.now() + 60_000);

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 300, reset: true });
    installation = await installationId('Timesheet Pro', 'acme.atlassian.net');
    app = await appId('Timesheet Pro');
    await pgPool().query(
      `INSERT INTO log_lines (installation_id, ts, level, message, attributes, pii_kinds, plain_ids, plain_message)
       VALUES ($1, now() - interval '1 minute', 'ERROR', 'stored-deep line', $2::jsonb, 0, true, true),
              ($1, now() - interval '2 minutes', 'INFO', 'stored-deep neighbour', '{"region":"eu"}', 0, true, true)`,
      [installation, deepJson],
    );
    const admin = await person('admin@acme.example');
    await enableLogAccess({ installationId: installation, actor: admin, meta, expiresAt: null });
    ({ secret: apiToken } = await createApiToken({ user: await vendorViewer('dev@lumen.example'), name: 'deep reader', expiresAt: null, meta }));
  });

  it("answers the vendor's viewer with 200, the deep attributes as their JSON text and the others as objects", async () => {
    const url = `http://127.0.0.1/api/v1/apps/${app}/logs?from=${from.toISOString()}&to=${to.toISOString()}&q=stored-deep`;
    const response = await readAppLogsRoute(new Request(url, { headers: { authorization: `Bearer ${apiToken}` } }), { params: Promise.resolve({ appId: app }) });
    expect(response.status).toBe(200);
    const { lines } = (await response.json()) as { lines: { message: string; attributes: unknown }[] };
    expect(lines.map((l) => l.message)).toEqual(['stored-deep line', 'stored-deep neighbour']);
    expect(typeof lines[0]!.attributes).toBe('string');
    expect(JSON.parse(lines[0]!.attributes as string)).toHaveProperty('d');
    expect((lines[0]!.attributes as string).replace(/\s/g, '')).toBe(deepJson);
    expect(lines[1]!.attributes).toEqual({ region: 'eu' });
  });

  it("serves the installation API's page (what the admin's preview reads) as JSON", async () => {
    const slice = await findLogSlice({ installationIds: [installation], from, to, limit: 10, q: 'stored-deep' });
    expect(slice.lines).toHaveLength(2);
    expect(() => JSON.stringify(slice)).not.toThrow();
  });

  it('streams such a line to a running live tail', async () => {
    const controller = new AbortController();
    const url = `http://127.0.0.1/api/v1/apps/${app}/logs/tail?q=stored-deep`;
    const response = await tailAppLogsRoute(new Request(url, { headers: { authorization: `Bearer ${apiToken}` }, signal: controller.signal }), { params: Promise.resolve({ appId: app }) });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let received = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(received)) {
        const { value, done } = await reader.read();
        if (done) break;
        received += new TextDecoder().decode(value);
      }
      return received;
    };
    await readUntil(/event: ready/);
    // With its journal row, as the writer adds one in the same transaction (lib/logs/write-log-lines.ts): the tail finds lines through it.
    await pgPool().query(
      `WITH line AS (
         INSERT INTO log_lines (installation_id, ts, level, message, attributes, pii_kinds, plain_ids, plain_message)
         VALUES ($1, now(), 'WARN', 'stored-deep tailed', $2::jsonb, 0, true, true) RETURNING installation_id, ts)
       INSERT INTO log_line_writes (xact_id, installation_id, first_ts, last_ts, lines)
       SELECT pg_current_xact_id()::text::bigint, installation_id, ts, ts, 1 FROM line`,
      [installation, deepJson],
    );
    expect(await readUntil(/stored-deep tailed/)).toMatch(/event: lines/);
    controller.abort();
    await reader.cancel().catch(() => undefined);
  });
});
