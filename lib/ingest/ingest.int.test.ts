import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as ingest } from '@/app/api/v1/ingest/route';
import { GET as readAppLogs } from '@/app/api/v1/apps/[appId]/logs/route';
import { createApiToken } from '@/lib/api-tokens/api-tokens';
import { db, pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { revokeIngestToken } from '@/lib/ingest-tokens/ingest-tokens';
import { enableLogAccess } from '@/lib/log-access/change-log-access';
import { currentTailPosition, findLogWritesSince, readLinesOfWrites, type TailPosition } from '@/lib/logs/tail-logs';
import { countPiiKindsSql, lineBytesSql, PII_STAT_COLUMNS } from '@/lib/logs/hourly-stats-sql';
import { writeLogLines } from '@/lib/logs/write-log-lines';
import { appId, installationId } from '@/lib/test-support/demo-lookups';
import { meta, person, vendorViewer } from '@/lib/test-support/identities';
import { ndjson, newIngestToken, withSmallIngestLimits } from '@/lib/test-support/ingest';

// POST /api/v1/ingest through its route handler against the run's database.

withSmallIngestLimits();

const context = { params: Promise.resolve({}) };
const HOUR = 3_600_000;

function post(body: string | Buffer, headers: Record<string, string> = {}) {
  return ingest(new Request('http://127.0.0.1/api/v1/ingest', { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) }), context);
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

async function linesOf(installation: string, marker: string) {
  const { rows } = await pgPool().query<{ id: string; ts: Date; level: string; message: string; module: string | null; attributes: unknown; pii_kinds: number; message_masked: string | null; plain_ids: boolean; plain_message: boolean }>(
    `SELECT id::text, ts, level, message, module, attributes, pii_kinds, message_masked, plain_ids, plain_message FROM log_lines WHERE installation_id = $1 AND message LIKE $2 ORDER BY ts, id`,
    [installation, `%${marker}%`],
  );
  return rows;
}

/** What a live tail at `position` gets next from one installation. */
async function tailedMessages(installation: string, position: TailPosition) {
  const found = await findLogWritesSince([installation], position);
  const lines = await readLinesOfWrites(found.writes, {}, 10_000);
  return { messages: lines.map((l) => l.message), ids: lines.map((l) => l.id), position: found.position };
}

const countLike = async (marker: string) =>
  Number((await pgPool().query<{ n: string }>('SELECT count(*) AS n FROM log_lines WHERE message LIKE $1', [`%${marker}%`])).rows[0]!.n);

describe('POST /api/v1/ingest', () => {
  let acme: string;
  let timesheet: string;
  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 300, reset: true });
    acme = await installationId('Timesheet Pro', 'acme.atlassian.net');
    timesheet = await appId('Timesheet Pro');
  });

  it('stores a valid batch; the lines read back through the logs API in UTC and reach the live tail', async () => {
    const { secret } = await newIngestToken('Timesheet Pro');
    const position = await currentTailPosition();
    const now = Date.now();
    const at = (msAgo: number) => new Date(now - msAgo);
    const local = at(2 * HOUR);
    // The same instant written with a +05:30 offset.
    const offset = new Date(local.getTime() + 5.5 * HOUR).toISOString().replace('Z', '+05:30');
    const response = await post(
      ndjson([
        { installationId: acme, timestamp: at(3 * HOUR).toISOString(), level: 'ERROR', message: 'valid-batch one: payroll export failed for maria@customer.example', module: 'scheduled/payroll', function: 'handler', invocationId: 'inv-1', traceId: 'trace-1', appVersion: '3.4.1', attributes: { statusCode: 502 } },
        { siteUrl: 'acme.atlassian.net', timestamp: offset, level: 'Warning', message: 'valid-batch two' },
        '',
        { installationId: acme, timestamp: at(HOUR).getTime(), level: 'info', message: 'valid-batch three\twith a tab and \\ backslash\nand a newline' },
      ]),
      bearer(secret),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 3, rejected: [] });

    const stored = await linesOf(acme, 'valid-batch');
    expect(stored.map((l) => l.level)).toEqual(['ERROR', 'WARN', 'INFO']);
    expect(stored[1]!.ts.toISOString()).toBe(local.toISOString());
    expect(stored[2]!.message).toBe('valid-batch three\twith a tab and \\ backslash\nand a newline');
    expect(stored[0]).toMatchObject({ module: 'scheduled/payroll', attributes: { statusCode: 502 }, pii_kinds: 1, plain_ids: true, plain_message: true });
    expect(stored[2]!.plain_message).toBe(false);
    expect(stored[0]!.message_masked).toContain('[email]');

    // Read as the vendor's console does, with a personal API token, once the site shares.
    const admin = await person('admin@acme.example');
    await enableLogAccess({ installationId: acme, actor: admin, meta, expiresAt: null });
    const dev = await vendorViewer('dev@lumen.example');
    const { secret: apiToken } = await createApiToken({ user: dev, name: 'reader', expiresAt: null, meta });
    const url = `http://127.0.0.1/api/v1/apps/${timesheet}/logs?from=${at(4 * HOUR).toISOString()}&to=${new Date(now + 1000).toISOString()}&q=valid-batch&limit=10`;
    const read = await readAppLogs(new Request(url, { headers: bearer(apiToken) }), { params: Promise.resolve({ appId: timesheet }) });
    expect(read.status).toBe(200);
    const page = (await read.json()) as { lines: { timestamp: string; level: string; message: string }[] };
    expect(page.lines.map((l) => l.timestamp)).toEqual([at(HOUR).toISOString(), local.toISOString(), at(3 * HOUR).toISOString()]);
    expect(page.lines.every((l) => l.timestamp.endsWith('Z'))).toBe(true);
    expect(page.lines.map((l) => l.level)).toEqual(['info', 'warn', 'error']);

    // A live tail started before takes every line stored since, in arrival order, whatever its timestamp (hours old here).
    const fresh = await post(ndjson([{ installationId: acme, timestamp: new Date().toISOString(), level: 'info', message: 'valid-batch tail' }]), bearer(secret));
    expect(fresh.status).toBe(200);
    const tailed = await tailedMessages(acme, position);
    expect(tailed.messages.filter((m) => m.startsWith('valid-batch'))).toEqual([stored[0]!.message, stored[1]!.message, stored[2]!.message, 'valid-batch tail']);
  });

  it('tails a batch that commits after a later one, once', async () => {
    const { secret } = await newIngestToken('Timesheet Pro');
    const first = await tailedMessages(acme, await currentTailPosition());
    // A slow batch takes its line ids first and commits last (another level: it holds its hourly statistics row until then).
    const slow = await pgPool().connect();
    try {
      await slow.query('BEGIN');
      await writeLogLines(slow, [{ installationId: acme, ts: new Date(), level: 'DEBUG', message: 'tail-order slow', invocationId: null, traceId: null, module: null, function: null, appVersion: null, attributesJson: null }]);
      expect((await post(ndjson([{ installationId: acme, timestamp: new Date().toISOString(), level: 'info', message: 'tail-order quick' }]), bearer(secret))).status).toBe(200);
      const second = await tailedMessages(acme, first.position);
      expect(second.messages).toEqual(['tail-order quick']);
      await slow.query('COMMIT');
      const third = await tailedMessages(acme, second.position);
      expect(third.messages).toEqual(['tail-order slow']);
      expect(BigInt(third.ids[0]!)).toBeLessThan(BigInt(second.ids[0]!));
      const fourth = await tailedMessages(acme, third.position);
      expect(fourth.messages).toEqual([]);
    } finally {
      slow.release();
    }
  });

  it('keeps the hourly statistics equal to what the lines say', async () => {
    const { rows } = await pgPool().query<{ diff: string }>(
      `WITH truth AS (
         SELECT installation_id, date_trunc('hour', ts, 'UTC') AS hour, level, count(*)::int AS lines,
                sum(${lineBytesSql()})::bigint AS bytes, ${countPiiKindsSql()}
           FROM log_lines WHERE installation_id = $1 GROUP BY 1, 2, 3)
       SELECT count(*)::text AS diff FROM truth t FULL JOIN log_hourly_stats s USING (installation_id, hour, level)
        WHERE (s.installation_id IS NULL AND t.installation_id = $1) OR (t.installation_id IS NULL AND s.installation_id = $1)
           OR t.lines <> s.lines OR t.bytes <> s.bytes ${PII_STAT_COLUMNS.map((c) => `OR t.${c} <> s.${c}`).join(' ')}`,
      [acme],
    );
    expect(rows[0]!.diff).toBe('0');
  });

  it('stores the valid lines of a mixed batch and rejects each invalid one with its line number and reason', async () => {
    const { secret } = await newIngestToken('Timesheet Pro');
    const staging = await installationId('Timesheet Pro', 'lumen.atlassian.net', 'STAGING');
    const radar = await installationId('Release Radar', 'acme.atlassian.net');
    const uninstalled = await installationId('Timesheet Pro', 'soylent.atlassian.net');
    await db().installation.update({ where: { id: uninstalled }, data: { uninstalledAt: new Date() } });
    const ok = (n: number) => ({ installationId: acme, timestamp: new Date(Date.now() - n * 1000).toISOString(), level: 'info', message: `mixed-ok ${n}` });
    const body = ndjson([
      ok(1),
      '{"installationId": "x", "timestamp": ',
      { installationId: acme, timestamp: new Date().toISOString(), level: 'info' },
      { installationId: acme, timestamp: new Date().toISOString(), level: 'loud', message: 'mixed-bad level' },
      { installationId: acme, timestamp: '2026-11-24T13:05:00', level: 'info', message: 'mixed-bad local time' },
      { installationId: acme, timestamp: new Date().toISOString(), level: 'info', message: 'mixed-bad extra', service: 'x', attributes: { service: 'y' } },
      { installationId: acme, timestamp: new Date().toISOString(), level: 'info', message: 'mixed-bad deep', attributes: { d: [[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]] } },
      { installationId: acme, timestamp: new Date(Date.now() + HOUR).toISOString(), level: 'info', message: 'mixed-bad future' },
      { installationId: acme, timestamp: new Date(Date.now() - 40 * 24 * HOUR).toISOString(), level: 'info', message: 'mixed-bad old' },
      { installationId: radar, timestamp: new Date().toISOString(), level: 'info', message: 'mixed-bad other app' },
      { installationId: uninstalled, timestamp: new Date().toISOString(), level: 'info', message: 'mixed-bad uninstalled' },
      { installationId: staging, timestamp: new Date().toISOString(), level: 'info', message: 'mixed-bad staging' },
      { siteUrl: 'initech.atlassian.net', timestamp: new Date().toISOString(), level: 'info', message: 'mixed-bad no installation there' },
      '[1, 2]',
      ok(2),
    ]);
    const response = await post(body, bearer(secret));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { accepted: number; rejected: { line: number; error: string }[] };
    expect(answer.accepted).toBe(2);
    expect(answer.rejected.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const reason = (line: number) => answer.rejected.find((r) => r.line === line)!.error;
    expect(reason(2)).toMatch(/not valid JSON/);
    expect(reason(3)).toMatch(/message/);
    expect(reason(4)).toMatch(/level "loud"/);
    expect(reason(5)).toMatch(/offset or Z/);
    // An extra field is kept in attributes, unless attributes already hold its name.
    expect(reason(6)).toMatch(/field "service" is also a key of attributes/);
    expect(reason(7)).toMatch(/nests deeper than 16 levels/);
    expect(reason(8)).toMatch(/future/);
    expect(reason(9)).toMatch(/retention/);
    expect(reason(10)).toMatch(/not an installation of this app/);
    expect(reason(11)).toMatch(/uninstalled/);
    expect(reason(12)).toMatch(/staging; this token writes production/);
    expect(reason(13)).toMatch(/no production installation on initech.atlassian.net/);
    expect(reason(14)).toMatch(/JSON object/);
    expect(await countLike('mixed-ok')).toBe(2);
    expect(await countLike('mixed-bad')).toBe(0);
  });

  it('stores NULs and unpaired surrogates as U+FFFD, keeps __proto__ keys, and rejects a line nested 30,000 deep on its own', async () => {
    const { secret } = await newIngestToken('Timesheet Pro');
    const at = new Date().toISOString();
    const body = [
      String.raw`{"installationId":"${acme}","timestamp":"${at}","level":"info","message":"odd-chars a\u0000b\ud800","attributes":{"__proto__":{"x":1},"constructor":"c","k\u0000":"v"}}`,
      `{"installationId":"${acme}","timestamp":"${at}","level":"info","message":"odd-chars deep","attributes":{"d":${'['.repeat(30_000)}${']'.repeat(30_000)}}}`,
      `{"installationId":"${acme}","timestamp":"${at}","level":"constructor","message":"odd-chars level"}`,
    ].join('\n');
    const response = await post(body, { ...bearer(secret), 'idempotency-key': `odd-${Math.random()}` });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { accepted: number; rejected: { line: number; error: string }[] };
    expect(answer.accepted).toBe(1);
    expect(answer.rejected.map((r) => r.line)).toEqual([2, 3]);
    const [stored] = await linesOf(acme, 'odd-chars');
    expect(stored!.message).toBe('odd-chars a\uFFFDb\uFFFD');
    expect(Object.keys(stored!.attributes as object).sort()).toEqual(['__proto__', 'constructor', 'k\uFFFD']);
    expect(Object.getOwnPropertyDescriptor(stored!.attributes, '__proto__')?.value).toEqual({ x: 1 });
  });

  it('answers 422 when no line is valid, and stores nothing', async () => {
    const { secret } = await newIngestToken('Timesheet Pro');
    const response = await post(ndjson([{ installationId: acme, timestamp: 'yesterday', level: 'info', message: 'none-valid' }]), bearer(secret));
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ accepted: 0, rejected: [{ line: 1 }], error: { code: 'unprocessable' } });
    expect(await countLike('none-valid')).toBe(0);
  });

  it('lets a token of one app write nothing into another app', async () => {
    const { secret } = await newIngestToken('Release Radar', 'PRODUCTION', 'dev@globex.example');
    const response = await post(ndjson([{ installationId: acme, timestamp: new Date().toISOString(), level: 'info', message: 'cross-app' }, { siteUrl: 'lumen.atlassian.net', timestamp: new Date().toISOString(), level: 'info', message: 'cross-app by site' }]), bearer(secret));
    expect(response.status).toBe(422);
    const answer = (await response.json()) as { rejected: { error: string }[] };
    expect(answer.rejected[0]!.error).toMatch(/not an installation of this app/);
    expect(answer.rejected[1]!.error).toMatch(/no production installation on lumen.atlassian.net/);
    expect(await countLike('cross-app')).toBe(0);
  });

  it('takes gzip bodies', async () => {
    const { secret } = await newIngestToken('Timesheet Pro');
    const body = gzipSync(ndjson([{ installationId: acme, timestamp: new Date().toISOString(), level: 'debug', message: 'gzipped line' }]));
    const response = await post(body, { ...bearer(secret), 'content-encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 1, rejected: [] });
    expect(await countLike('gzipped line')).toBe(1);
  });

  it('refuses bad requests with their documented status and stores nothing', async () => {
    const { secret, token } = await newIngestToken('Timesheet Pro');
    const line = (marker: string) => ({ installationId: acme, timestamp: new Date().toISOString(), level: 'info', message: `refused ${marker}` });
    const expectError = async (response: Response, status: number, code: string) => {
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    };
    await expectError(await post(ndjson([line('no token')])), 401, 'unauthenticated');
    await expectError(await post(ndjson([line('bad token')]), bearer('lsi_not-a-real-token-at-all-000000')), 401, 'unauthenticated');
    await expectError(await post(ndjson([line('api token')]), bearer('lsk_an-api-token-is-no-ingest-token')), 401, 'unauthenticated');
    // Bodies over 64 KiB (this file's limit), declared or not, plain or after gunzip.
    const big = ndjson(Array.from({ length: 90 }, (_, i) => ({ ...line('too big'), message: `refused too big ${i} ${'x'.repeat(1000)}` })));
    await expectError(await post(big, bearer(secret)), 413, 'payload_too_large');
    await expectError(await post(gzipSync(Buffer.alloc(200_000, 'a')), { ...bearer(secret), 'content-encoding': 'gzip' }), 413, 'payload_too_large');
    await expectError(await post(ndjson(Array.from({ length: 101 }, () => line('too many'))), bearer(secret)), 413, 'payload_too_large');
    await expectError(await post(Buffer.from('not gzip'), { ...bearer(secret), 'content-encoding': 'gzip' }), 400, 'bad_request');
    await expectError(await post(ndjson([line('brotli')]), { ...bearer(secret), 'content-encoding': 'br' }), 415, 'unsupported_media_type');
    await expectError(await post(ndjson([line('html')]), { ...bearer(secret), 'content-type': 'text/html' }), 415, 'unsupported_media_type');
    await expectError(await post('\n \n', bearer(secret)), 400, 'bad_request');
    await expectError(await post(ndjson([line('bad key')]), { ...bearer(secret), 'idempotency-key': 'has spaces in it' }), 400, 'bad_request');
    const dev = await vendorViewer('dev@lumen.example');
    await revokeIngestToken({ viewer: dev, appId: timesheet, tokenId: token.id, meta });
    await expectError(await post(ndjson([line('revoked')]), bearer(secret)), 401, 'unauthenticated');
    expect(await countLike('refused')).toBe(0);
  });

  it('answers 429 with Retry-After once a token used up its minute, and stores nothing', async () => {
    const { secret, token } = await newIngestToken('Timesheet Pro');
    let windowStart = Math.floor(Date.now() / 60_000) * 60_000;
    if (Date.now() - windowStart > 55_000) {
      await new Promise((r) => setTimeout(r, windowStart + 60_500 - Date.now()));
      windowStart = Math.floor(Date.now() / 60_000) * 60_000;
    }
    await pgPool().query('INSERT INTO ingest_rate_windows (token_id, window_start, requests) VALUES ($1, $2, 1000)', [token.id, new Date(windowStart)]);
    const response = await post(ndjson([{ installationId: acme, timestamp: new Date().toISOString(), level: 'info', message: 'rate-limited' }]), bearer(secret));
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await countLike('rate-limited')).toBe(0);
  });

  it('stores a batch once for one Idempotency-Key, also when the duplicates race, and refuses the key for another body', async () => {
    const { secret } = await newIngestToken('Timesheet Pro');
    const body = ndjson([
      { installationId: acme, timestamp: new Date().toISOString(), level: 'info', message: 'idempotent one' },
      { installationId: acme, timestamp: 'bad', level: 'info', message: 'idempotent bad' },
    ]);
    const headers = { ...bearer(secret), 'idempotency-key': 'batch-0001' };
    const first = await post(body, headers);
    expect(first.status).toBe(200);
    const firstAnswer = await first.json();
    const again = await post(body, headers);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(firstAnswer);
    expect(await countLike('idempotent one')).toBe(1);

    const other = await post(ndjson([{ installationId: acme, timestamp: new Date().toISOString(), level: 'info', message: 'idempotent other' }]), headers);
    expect(other.status).toBe(422);
    expect(await other.text()).toContain('Idempotency-Key');
    expect(await countLike('idempotent other')).toBe(0);

    const raceBody = ndjson([{ installationId: acme, timestamp: new Date().toISOString(), level: 'info', message: 'idempotent race' }]);
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(raceBody, { ...bearer(secret), 'idempotency-key': 'race-1' })));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(5);
    expect(await countLike('idempotent race')).toBe(1);
  });
});
