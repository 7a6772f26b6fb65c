import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as patternsRoute } from '@/app/api/v1/apps/[appId]/logs/patterns/route';
import { createApiToken } from '@/lib/api-tokens/api-tokens';
import { PATTERN_SAMPLE_BOUND, type AppPatterns } from '@/lib/console/read-app-patterns';
import { db, pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { lineFilterConditions } from '@/lib/logs/line-filters';
import { messageTemplate } from '@/lib/patterns/message-template';
import { patternTerm } from '@/lib/patterns/pattern-term';
import { templateRegex } from '@/lib/patterns/template-regex';
import { parseSearchQuery } from '@/lib/search/parse-query';
import { meta, person, vendorViewer } from '@/lib/test-support/identities';
import { logMessageArbitrary } from '@/lib/test-support/log-message-arbitrary';

// The Patterns answer against a plain count(*): every listed template's count
// is the number of lines its pattern:"…" term finds (no sample here), over
// the demo's own lines and some written below; then newSince, the audit
// rows, who may ask, and the bounds.

const HOUR = 3_600_000;

describe('GET /api/v1/apps/{appId}/logs/patterns', () => {
  let app: string;
  let ids: string[];
  let token: string;
  const to = new Date(Date.now() + 60_000);
  const from = new Date(to.getTime() - 7 * 24 * HOUR);

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 3_000, reset: true });
    const found = await db().app.findFirstOrThrow({ where: { name: 'Timesheet Pro' }, include: { installations: { where: { uninstalledAt: null }, orderBy: { id: 'asc' } } } });
    app = found.id;
    ids = found.installations.map((i) => i.id);
    await pgPool().query('UPDATE log_access_grants SET disabled_at = now() WHERE disabled_at IS NULL AND installation_id = ANY($1::text[])', [ids]);
    await db().logAccessGrant.createMany({ data: ids.map((i) => ({ installationId: i, source: 'ADMIN' as const })) });
    // Version pt-1 three to two hours ago, then pt-2, which brings a template pt-1 never logged.
    await pgPool().query(
      `INSERT INTO log_lines (installation_id, ts, level, message, app_version)
       SELECT ids[1 + n % cardinality(ids)], now() - interval '3 hours' + n * interval '1 minute',
              CASE WHEN n % 4 = 0 THEN 'ERROR' ELSE 'INFO' END::"LogLevel",
              CASE WHEN n % 2 = 0 THEN 'ptq7 user ' || n || ' signed in from 10.0.' || n || '.7' ELSE 'ptq7 export "q' || n || '" took ' || n * 3 || ' ms' END
                || CASE WHEN n > 60 AND n % 5 = 0 THEN ' (retry)' ELSE '' END,
              CASE WHEN n <= 60 THEN 'pt-1' ELSE 'pt-2' END
         FROM generate_series(1, 120) n, (SELECT $1::text[] AS ids) i`,
      [ids],
    );
    ({ secret: token } = await createApiToken({ user: await vendorViewer('dev@lumen.example'), name: 'patterns reader', expiresAt: null, meta }));
  });

  const get = (params: Record<string, string>, options: { token?: string; appId?: string } = {}) =>
    patternsRoute(
      new Request(`http://127.0.0.1/api/v1/apps/${options.appId ?? app}/logs/patterns?${new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), ...params })}`, {
        headers: { authorization: `Bearer ${options.token ?? token}` },
      }),
      { params: Promise.resolve({ appId: options.appId ?? app }) },
    );

  async function patterns(params: Record<string, string> = {}): Promise<AppPatterns> {
    const response = await get(params);
    expect(response.status).toBe(200);
    return (await response.json()) as AppPatterns;
  }

  /** count(*) of the lines a query finds, over the same installations and range. */
  async function countOf(q: string): Promise<number> {
    const params: unknown[] = [ids, from, to];
    const where = lineFilterConditions({ q: parseSearchQuery(q) }, (v) => `$${params.push(v)}`);
    const { rows } = await pgPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM log_lines l WHERE l.installation_id = ANY($1::text[]) AND l.ts >= $2 AND l.ts < $3 AND ${where.join(' AND ')}`, params);
    return rows[0]!.n;
  }

  it('counts each of the top patterns as count(*) of the lines its pattern: term finds', async () => {
    const answer = await patterns({ top: '25' });
    expect(answer.exact).toBe(true);
    expect(answer.sample).toBeNull();
    expect(answer.patterns.length).toBeGreaterThan(5);
    const { rows: [all] } = await pgPool().query<{ n: number }>('SELECT count(*)::int AS n FROM log_lines WHERE installation_id = ANY($1::text[]) AND ts >= $2 AND ts < $3', [ids, from, to]);
    expect(answer.lines).toBe(all!.n);
    for (const p of answer.patterns) {
      expect([p.template, await countOf(patternTerm(p.template))]).toEqual([p.template, p.count]);
      expect(p.sparkline).toHaveLength(24);
      expect(p.sparkline.reduce((a, b) => a + b, 0)).toBe(p.count);
      expect(Object.values(p.levels).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
      expect(p.firstSeen <= p.lastSeen && p.firstSeen.endsWith('Z') && p.lastSeen.endsWith('Z')).toBe(true);
    }
    const signIns = answer.patterns.find((p) => p.template === 'ptq7 user <num> signed in from <ip>');
    expect(signIns).toMatchObject({ count: 54, levels: { error: 0.5, info: 0.5 } });
    expect(answer.patterns.map((p) => p.count)).toEqual([...answer.patterns.map((p) => p.count)].sort((a, b) => b - a));
  });

  it('PostgreSQL reads a template\'s expression as JavaScript does: every message matches its own (property, fixed seed)', async () => {
    const messages = fc.sample(logMessageArbitrary, { seed: 20261202, numRuns: 2000 }).map((m) => m.replaceAll('\u0000', ''));
    const { rows } = await pgPool().query<{ message: string }>(
      'SELECT m.message FROM unnest($1::text[], $2::text[]) AS m(message, regex) WHERE NOT (m.message ~ m.regex)',
      [messages, messages.map((m) => templateRegex(messageTemplate(m)))],
    );
    expect(rows).toEqual([]);
  });

  it('applies the viewer filters, and records the lines read per site', async () => {
    const { rows: [mark] } = await pgPool().query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM audit_events');
    const answer = await patterns({ q: '"ptq7 "', level: 'error' });
    expect(answer.patterns.map((p) => [p.template, p.count, p.levels])).toEqual([
      ['ptq7 user <num> signed in from <ip>', 27, { error: 1 }],
      ['ptq7 user <num> signed in from <ip> (retry)', 3, { error: 1 }],
    ]);
    const { rows } = await pgPool().query<{ installation_id: string; lines: number; kind: string }>(
      `SELECT installation_id, (details->>'lines')::int AS lines, details->>'kind' AS kind FROM audit_events WHERE id > $1 AND action = 'VENDOR_LOGS_READ' ORDER BY installation_id`,
      [mark!.id],
    );
    expect(rows.map((r) => r.installation_id)).toEqual([...ids].sort());
    expect(rows.every((r) => r.kind === 'patterns')).toBe(true);
    expect(rows.reduce((a, r) => a + r.lines, 0)).toBe(30);
  });

  it('lists with newSince only the templates not seen in the day before the version’s first line', async () => {
    const answer = await patterns({ q: '"ptq7 "', newSince: 'pt-2' });
    expect(answer.patterns.map((p) => [p.template, p.count])).toEqual([
      ['ptq7 export <str> took <num> ms (retry)', 6],
      ['ptq7 user <num> signed in from <ip> (retry)', 6],
    ]);
    expect(answer).toMatchObject({ distinctTemplates: 2, templateLines: 12, lines: 120 });
    const { rows: [first] } = await pgPool().query<{ ts: Date }>(`SELECT min(ts) AS ts FROM log_lines WHERE app_version = 'pt-2' AND installation_id = ANY($1::text[])`, [ids]);
    expect(answer.newSince).toMatchObject({ version: 'pt-2', firstLineAt: first!.ts.toISOString(), comparedWith: { to: first!.ts.toISOString() } });
    const unknown = await get({ newSince: 'no-such-version' });
    expect(unknown.status).toBe(422);
  });

  it('samples past the bound and says how much it read', async () => {
    const hour = new Date(Math.floor(Date.now() / HOUR) * HOUR - 5 * HOUR);
    // The hourly statistics say the range holds far more lines than the bound (as on a busy day).
    await pgPool().query(`INSERT INTO log_hourly_stats (installation_id, hour, level, lines, bytes) VALUES ($1, $2, 'TRACE', 4000000, 0)`, [ids[0], hour]);
    try {
      const answer = await patterns();
      expect(answer.exact).toBe(false);
      expect(answer.sample?.fraction).toBeLessThan(PATTERN_SAMPLE_BOUND / 4_000_000 + 0.001);
      expect(answer.sample?.linesRead).toBeGreaterThanOrEqual(0);
      expect(answer.sample?.method).toContain('TABLESAMPLE');
    } finally {
      await pgPool().query(`DELETE FROM log_hourly_stats WHERE installation_id = $1 AND hour = $2 AND level = 'TRACE' AND lines = 4000000`, [ids[0], hour]);
    }
  });

  it('answers 401 to an unknown token, 404 to another vendor or an unknown app, 403 to a vendor viewer', async () => {
    expect((await get({}, { token: 'lsk_unknown' })).status).toBe(401);
    const other = await createApiToken({ user: await vendorViewer('dev@globex.example'), name: 'other vendor', expiresAt: null, meta });
    expect((await get({}, { token: other.secret })).status).toBe(404);
    expect((await get({}, { appId: 'no-such-app' })).status).toBe(404);
    const owner = await person('owner@lumen.example');
    const lumen = await db().vendorMember.findFirstOrThrow({ where: { userId: owner.id } });
    const user = await db().user.create({ data: { email: 'patterns-viewer@lumen.example', name: 'Pat Viewer' } });
    await db().vendorMember.create({ data: { vendorId: lumen.vendorId, userId: user.id, role: 'VIEWER' } });
    const viewerToken = await createApiToken({ user: await vendorViewer(user.email), name: 'viewer', expiresAt: null, meta });
    expect((await get({}, { token: viewerToken.secret })).status).toBe(403);
  });

  it.each<[Record<string, string>, number, string]>([
    [{ top: '0' }, 400, 'top must be at least 1'],
    [{ top: '201' }, 400, 'top must be at most 200'],
    [{ limit: '5' }, 400, 'limit'],
    [{ q: 'pattern:"open' }, 400, 'never closed'],
    [{ newSince: '' }, 400, 'newSince'],
    [{ from: new Date(Date.now() + HOUR).toISOString(), to: new Date(Date.now()).toISOString() }, 422, 'must be after'],
  ])('refuses %j with %i', async (params, status, message) => {
    const response = await get(params);
    expect(response.status).toBe(status);
    expect(JSON.stringify(await response.json())).toContain(message);
  });
});
