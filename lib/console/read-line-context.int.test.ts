import { beforeAll, describe, expect, it } from 'vitest';
import { GET as readAppLogsRoute } from '@/app/api/v1/apps/[appId]/logs/route';
import { GET as readContextRoute } from '@/app/api/v1/apps/[appId]/logs/lines/[lineRef]/context/route';
import { createApiToken } from '@/lib/api-tokens/api-tokens';
import { db, pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { disableLogAccess } from '@/lib/log-access/change-log-access';
import { decodeLineRef, encodeLineRef } from '@/lib/logs/line-ref';
import { appId, installationId } from '@/lib/test-support/demo-lookups';
import { meta, person, vendorViewer } from '@/lib/test-support/identities';

// The lines around one line, through the API: ordered by (ts, id) with ties
// at one timestamp, bounded, only of the line's own installation, recorded
// for its site, and a 404 once the site stops sharing.

type ContextJson = { anchor: string; lines: { id: string; ref: string; installationId: string; message: string; timestamp: string }[]; moreBefore: boolean; moreAfter: boolean };
type Key = { id: string; ts: Date };

const byTsThenId = (a: Key, b: Key) => a.ts.getTime() - b.ts.getTime() || (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0);

describe('GET /api/v1/apps/{appId}/logs/lines/{lineRef}/context', () => {
  let app: string;
  let acme: string;
  let acmeEu: string;
  let token: string;
  /** Every line of acme, ordered as the viewer orders lines. */
  let acmeLines: Key[];

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 300, reset: true });
    app = await appId('Timesheet Pro');
    acme = await installationId('Timesheet Pro', 'acme.atlassian.net');
    acmeEu = await installationId('Timesheet Pro', 'acme-eu.atlassian.net');
    await pgPool().query('UPDATE log_access_grants SET disabled_at = now() WHERE disabled_at IS NULL AND installation_id = ANY($1::text[])', [[acme, acmeEu]]);
    await db().logAccessGrant.createMany({ data: [acme, acmeEu].map((installationId) => ({ installationId, source: 'ADMIN' as const })) });
    // 120 lines of acme, four to a millisecond, written in a shuffled order
    // so that their ids do not follow their numbers; and lines of acme-eu at
    // the very same times, which no context of acme may show.
    const base = Date.now() - 3_600_000;
    const order = Array.from({ length: 120 }, (_, n) => (n * 73) % 120);
    for (const n of order) {
      const ts = new Date(base + Math.floor(n / 4));
      await pgPool().query(`INSERT INTO log_lines (installation_id, ts, level, message) VALUES ($1, $2, 'INFO', $3), ($4, $2, 'INFO', $5)`, [acme, ts, `ctx acme ${n}`, acmeEu, `ctx other ${n}`]);
    }
    const { rows } = await pgPool().query<Key>('SELECT id::text AS id, ts FROM log_lines WHERE installation_id = $1', [acme]);
    acmeLines = rows.sort(byTsThenId);
    ({ secret: token } = await createApiToken({ user: await vendorViewer('dev@lumen.example'), name: 'context reader', expiresAt: null, meta }));
  });

  const refOf = (line: Key, installation = acme) => encodeLineRef({ installationId: installation, ts: line.ts, id: line.id });
  const indexOf = (id: string) => acmeLines.findIndex((l) => l.id === id);

  async function context(lineRef: string, query: Record<string, string> = {}) {
    const request = new Request(`http://127.0.0.1/api/v1/apps/${app}/logs/lines/${lineRef}/context?${new URLSearchParams(query)}`, {
      headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': meta.ipAddress, 'user-agent': 'context-test' },
    });
    const response = await readContextRoute(request, { params: Promise.resolve({ appId: app, lineRef }) });
    return { status: response.status, body: (await response.json()) as ContextJson & { error?: { message: string } } };
  }

  async function ctxLineAt(n: number): Promise<Key> {
    const { rows } = await pgPool().query<Key>(`SELECT id::text AS id, ts FROM log_lines WHERE installation_id = $1 AND message = $2`, [acme, `ctx acme ${n}`]);
    return rows[0]!;
  }

  it('answers the line and 25 lines each side, oldest first by (ts, id), ties at one time included in id order', async () => {
    const anchor = await ctxLineAt(61); // in the middle of a four-line tie
    const at = indexOf(anchor.id);
    const { status, body } = await context(refOf(anchor));
    expect(status).toBe(200);
    expect(body.anchor).toBe(refOf(anchor));
    expect(body.lines.map((l) => l.id)).toEqual(acmeLines.slice(at - 25, at + 26).map((l) => l.id));
    expect(body.lines[25]!.ref).toBe(refOf(anchor));
    expect(body.lines.every((l) => l.installationId === acme && !l.message.startsWith('ctx other'))).toBe(true);
    // The tie around the anchor is all there, in id order.
    const tie = body.lines.filter((l) => l.timestamp === anchor.ts.toISOString()).map((l) => BigInt(l.id));
    expect(tie).toHaveLength(4);
    expect(tie).toEqual([...tie].sort((a, b) => (a < b ? -1 : 1)));
    expect(body).toMatchObject({ moreBefore: true, moreAfter: true });
  });

  it('expands from its first and last lines without a gap or a repeat', async () => {
    const anchor = await ctxLineAt(40);
    const at = indexOf(anchor.id);
    const first = (await context(refOf(anchor))).body;
    const earlier = (await context(first.lines[0]!.ref, { before: '25', after: '0' })).body;
    const later = (await context(first.lines.at(-1)!.ref, { before: '0', after: '25' })).body;
    const joined = [...earlier.lines.slice(0, -1), ...first.lines, ...later.lines.slice(1)].map((l) => l.id);
    expect(joined).toEqual(acmeLines.slice(at - 50, at + 51).map((l) => l.id));
  });

  it('stops at the newest line, and holds to the bounds it is given', async () => {
    const newest = acmeLines.at(-1)!;
    const { body } = await context(refOf(newest), { before: '3', after: '25' });
    expect(body.lines.map((l) => l.id)).toEqual(acmeLines.slice(-4).map((l) => l.id));
    expect(body.moreAfter).toBe(false);
    expect(body.moreBefore).toBe(true);
    const alone = (await context(refOf(newest), { before: '0', after: '0' })).body;
    expect(alone.lines.map((l) => l.id)).toEqual([newest.id]);
    for (const query of [{ before: '201' }, { after: '-1' }, { before: '2.5' }, { after: 'many' }, { around: '5' }] as Record<string, string>[]) {
      const refused = await context(refOf(newest), query);
      expect(refused.status, JSON.stringify(query)).toBe(400);
    }
  });

  it('is a 404 for a line that is not there: a garbled reference, an unknown id, a line named with another installation', async () => {
    const line = acmeLines[10]!;
    const missing = [
      'not-a-ref',
      encodeLineRef({ installationId: acme, ts: line.ts, id: '999999999' }),
      encodeLineRef({ installationId: acmeEu, ts: line.ts, id: line.id }),
      encodeLineRef({ installationId: await installationId('Quick Notes', 'acme.atlassian.net'), ts: line.ts, id: line.id }),
    ];
    const recorded = async () => Number((await pgPool().query<{ n: string }>(`SELECT count(*) AS n FROM audit_events WHERE user_agent = 'context-test'`)).rows[0]!.n);
    const before = await recorded();
    for (const ref of missing) expect((await context(ref)).status, ref).toBe(404);
    // The read's statement writes its audit row only when the line is there.
    expect(await recorded()).toBe(before);
  });

  it('gives every line of the logs API a reference that names that line', async () => {
    const request = new Request(`http://127.0.0.1/api/v1/apps/${app}/logs?${new URLSearchParams({ from: new Date(Date.now() - 7_200_000).toISOString(), to: new Date().toISOString(), q: '"ctx acme"', limit: '5' })}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await (await readAppLogsRoute(request, { params: Promise.resolve({ appId: app }) })).json()) as ContextJson;
    expect(page.lines).toHaveLength(5);
    for (const line of page.lines) {
      expect(decodeLineRef(line.ref)).toEqual({ installationId: line.installationId, ts: new Date(line.timestamp), id: line.id });
      expect((await context(line.ref, { before: '0', after: '0' })).body.lines.map((l) => l.message)).toEqual([line.message]);
    }
  });

  it("records the read on the line's site with the lines it returned, and answers 404 without a record once the site stops sharing", async () => {
    const anchor = await ctxLineAt(90);
    const reads = async () =>
      (
        await pgPool().query<{ installation_id: string; lines: number; kind: string; line: string }>(
          `SELECT installation_id, (details->>'lines')::int AS lines, details->>'kind' AS kind, details->>'line' AS line FROM audit_events
            WHERE action = 'VENDOR_LOGS_READ' AND user_agent = 'context-test' AND details->>'line' = $1 ORDER BY id`,
          [refOf(anchor)],
        )
      ).rows;
    const { body } = await context(refOf(anchor), { before: '10', after: '5' });
    expect(body.lines).toHaveLength(16);
    expect(await reads()).toEqual([{ installation_id: acme, lines: 16, kind: 'context', line: refOf(anchor) }]);

    await disableLogAccess({ installationId: acme, actor: await person('admin@acme.example'), meta });
    const refused = await context(refOf(anchor), { before: '10', after: '5' });
    expect(refused.status).toBe(404);
    expect(refused.body.error?.message).toMatch(/no longer shares/);
    expect(await reads()).toHaveLength(1);
    // The other site still shares: its lines still answer.
    const other = (await pgPool().query<Key>('SELECT id::text AS id, ts FROM log_lines WHERE installation_id = $1 ORDER BY ts DESC LIMIT 1', [acmeEu])).rows[0]!;
    expect((await context(refOf(other, acmeEu))).status).toBe(200);
  });
});
