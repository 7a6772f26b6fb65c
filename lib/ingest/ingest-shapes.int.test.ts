import { beforeAll, describe, expect, it } from 'vitest';
import { POST as ingest } from '@/app/api/v1/ingest/route';
import { pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { installationId } from '@/lib/test-support/demo-lookups';
import { ndjson, newIngestToken, withSmallIngestLimits } from '@/lib/test-support/ingest';

// POST /api/v1/ingest with what shippers send by default (issue #14), through
// the route handler and the ingest worker, read back from the database.

withSmallIngestLimits();

const context = { params: Promise.resolve({}) };
const HOUR = 3_600_000;

type Answer = { accepted: number; rejected: { line: number; error: string }[]; notes?: { line: number; note: string }[]; timestampsAssigned?: number; error?: { code: string; message: string } };

async function post(body: string, headers: Record<string, string>, query = '') {
  const response = await ingest(new Request(`http://127.0.0.1/api/v1/ingest${query}`, { method: 'POST', headers, body }), context);
  return { status: response.status, answer: (await response.json()) as Answer };
}

async function linesOf(installation: string, marker: string) {
  const { rows } = await pgPool().query<{ ts: Date; level: string; message: string; attributes: unknown }>(
    `SELECT ts, level, message, attributes FROM log_lines WHERE installation_id = $1 AND message LIKE $2 ORDER BY ts, id`,
    [installation, `%${marker}%`],
  );
  return rows;
}

describe('POST /api/v1/ingest: shippers’ default shapes', () => {
  let acme: string;
  let auth: Record<string, string>;
  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 100, reset: true });
    acme = await installationId('Timesheet Pro', 'acme.atlassian.net');
    auth = { authorization: `Bearer ${(await newIngestToken('Timesheet Pro')).secret}` };
  });

  it("stores pino's default line: numeric level, epoch-ms time, msg, pid and hostname in attributes", async () => {
    const time = Math.floor(Date.now() / 1000) * 1000 - HOUR;
    const { status, answer } = await post(ndjson([{ level: 30, time, pid: 1, hostname: 'h', msg: 'pino-default hi', installationId: acme }]), { ...auth, 'content-type': 'application/x-ndjson' });
    expect([status, answer]).toEqual([200, { accepted: 1, rejected: [] }]);
    const [row] = await linesOf(acme, 'pino-default');
    expect(row).toEqual({ ts: new Date(time), level: 'INFO', message: 'pino-default hi', attributes: { pid: 1, hostname: 'h' } });
  });

  it("stores a JSON array body (winston's batch) with winston's levels, the installation named once by the header", async () => {
    const body = JSON.stringify([
      { level: 'http', message: 'winston-batch one', timestamp: new Date(Date.now() - HOUR).toISOString() },
      { level: 'silly', message: 'winston-batch two', service: 'billing' },
    ]);
    const { status, answer } = await post(body, { ...auth, 'content-type': 'application/json', 'logshare-installation': acme });
    expect([status, answer]).toEqual([200, { accepted: 2, rejected: [], timestampsAssigned: 1 }]);
    const rows = await linesOf(acme, 'winston-batch');
    expect(rows.map((r) => [r.level, r.message, r.attributes])).toEqual([
      ['DEBUG', 'winston-batch one', null],
      ['TRACE', 'winston-batch two', { service: 'billing' }],
    ]);
  });

  it('gives a line without a time the time received, and says so', async () => {
    const before = Date.now();
    const { answer } = await post(ndjson([{ installationId: acme, level: 'warning', message: 'no-time line' }]), { ...auth, 'content-type': 'application/x-ndjson' });
    expect(answer).toEqual({ accepted: 1, rejected: [], timestampsAssigned: 1 });
    const [row] = await linesOf(acme, 'no-time line');
    expect(row!.ts.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(row!.ts.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('takes text/plain and urlencoded bodies (curl and syslog-ng defaults), plain-text lines at info, the site in the query', async () => {
    const plain = await post('syslog-plain disk almost full\n', { ...auth, 'content-type': 'text/plain' }, '?siteUrl=ACME.atlassian.net');
    expect(plain).toEqual({ status: 200, answer: { accepted: 1, rejected: [], notes: [{ line: 1, note: 'not JSON: stored as a plain-text message at info' }], timestampsAssigned: 1 } });
    const form = await post(ndjson([{ installationId: acme, level: 'error', msg: 'curl-form line', ts: (Date.now() - HOUR) / 1000 }]), { ...auth, 'content-type': 'application/x-www-form-urlencoded' });
    expect(form).toEqual({ status: 200, answer: { accepted: 1, rejected: [] } });
    expect((await linesOf(acme, 'syslog-plain')).map((r) => [r.level, r.message])).toEqual([['INFO', 'syslog-plain disk almost full']]);
    expect((await linesOf(acme, 'curl-form')).map((r) => r.level)).toEqual(['ERROR']);
  });

  it("lets a line's own installation win over the request's, and refuses a malformed or contradictory one with a 400", async () => {
    const own = await post(ndjson([{ installationId: acme, level: 'info', message: 'own-wins line' }]), { ...auth, 'content-type': 'application/x-ndjson' }, '?installationId=noSuchInstallation');
    expect(own.answer).toMatchObject({ accepted: 1, rejected: [] });
    const unknown = await post(ndjson([{ level: 'info', message: 'query-unknown line' }]), { ...auth, 'content-type': 'application/x-ndjson' }, '?installationId=noSuchInstallation');
    expect(unknown).toMatchObject({ status: 422, answer: { rejected: [{ line: 1, error: 'installationId noSuchInstallation is not an installation of this app' }] } });
    const bad = await post('x\n', { ...auth, 'logshare-installation': 'not an id!' });
    expect(bad).toMatchObject({ status: 400, answer: { error: { code: 'bad_request', message: expect.stringContaining('Logshare-Installation header must be an installation id') } } });
    const both = await post('x\n', { ...auth, 'logshare-installation': acme }, '?installationId=other');
    expect(both).toMatchObject({ status: 400, answer: { error: { message: expect.stringContaining('name different installations') } } });
    const twice = await post('x\n', auth, '?siteUrl=a&siteUrl=b');
    expect(twice).toMatchObject({ status: 400, answer: { error: { message: 'The siteUrl query parameter was given 2 times; give it once.' } } });
  });

  it('names every problem of a rejected line', async () => {
    const { status, answer } = await post(ndjson([{ level: 'loud', message: '', time: 'yesterday' }]), { ...auth, 'content-type': 'application/x-ndjson' });
    expect(status).toBe(422);
    expect(answer.rejected[0]!.error.split('; ')).toHaveLength(4);
  });
});
