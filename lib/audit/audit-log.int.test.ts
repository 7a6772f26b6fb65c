import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponse } from '@/lib/api/errors';
import { auditExportSql, streamAuditExport } from '@/lib/audit/export-audit-events';
import { findAuditSite, requireAuditSite } from '@/lib/audit/find-audit-site';
import { listAuditEvents, listAuditSessionReads, resolveAuditQuery, type AuditEntry } from '@/lib/audit/list-audit-events';
import { db, pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { parseQuery } from '@/lib/logs/log-range';
import { adminViewer, meta, person, vendorViewer } from '@/lib/test-support/identities';
import { localDaysToUtcRange } from '@/lib/time/local-days';
import { auditEventsQuerySchema, auditExportQuerySchema, type AuditFilterInput } from '@/lib/validations/audit-events';

// The Admin Hub's audit log on a site of its own (so the demo's rows do not
// count): keyset paging, every filter, the vendor read sessions, the export
// and who may read it.

const SITE_URL = 'audit-int.atlassian.net';
const T0 = Date.parse('2026-11-20T00:00:00.000Z');
const minute = 60_000;

let site: { id: string; url: string; organizationId: string };
let timesheet: { installationId: string; appId: string };
let notes: { installationId: string; appId: string };
let admin: { id: string; label: string };
let dev: { id: string; label: string };

async function insertRows(rows: { at: number; action: string; actor: { id: string; label: string } | null; installationId?: string; details?: object; ip?: string }[]) {
  if (rows.length === 0) return;
  await pgPool().query(
    `INSERT INTO audit_events (occurred_at, action, actor_user_id, actor_label, organization_id, site_id, installation_id, details, ip_address)
     SELECT to_timestamp(r.at / 1000.0), r.action::"AuditAction", r.actor_id, r.actor_label, $1, $2, r.installation_id, r.details, r.ip
       FROM jsonb_to_recordset($3::jsonb) AS r(at bigint, action text, actor_id text, actor_label text, installation_id text, details jsonb, ip text)`,
    [
      site.organizationId,
      site.id,
      JSON.stringify(
        rows.map((r) => ({ at: r.at, action: r.action, actor_id: r.actor?.id ?? null, actor_label: r.actor?.label ?? 'Logshare', installation_id: r.installationId ?? null, details: r.details ?? {}, ip: r.ip ?? null })),
      ),
    ],
  );
}

async function page(filters: AuditFilterInput, options: { cursor?: string; limit?: number; group?: 'none' | 'sessions' } = {}) {
  return listAuditEvents({ query: await resolveAuditQuery(site.id, filters), cursor: options.cursor, limit: options.limit ?? 50, group: options.group ?? 'none' });
}

async function all(filters: AuditFilterInput, group: 'none' | 'sessions' = 'none', limit = 50): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(filters, { cursor, limit, group });
    out.push(...next.events);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

function statusOf(run: () => unknown): number {
  try {
    run();
  } catch (error) {
    return errorResponse(error).status;
  }
  return 200;
}

beforeAll(async () => {
  await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 100, reset: true });
  const acme = await db().organization.findFirstOrThrow({ where: { name: 'Acme' } });
  const created = await db().site.create({ data: { url: SITE_URL, organizationId: acme.id } });
  site = { id: created.id, url: created.url, organizationId: acme.id };
  for (const [name, target] of [['Timesheet Pro', 'timesheet'], ['Quick Notes', 'notes']] as const) {
    const app = await db().app.findFirstOrThrow({ where: { name } });
    const installation = await db().installation.create({
      data: { appId: app.id, siteId: site.id, product: 'JIRA', environment: 'PRODUCTION', appVersion: '1.0.0', installedAt: new Date(T0 - 86_400_000) },
    });
    if (target === 'timesheet') timesheet = { installationId: installation.id, appId: app.id };
    else notes = { installationId: installation.id, appId: app.id };
  }
  const a = await person('admin@acme.example');
  const d = await person('dev@lumen.example');
  admin = { id: a.id, label: `${a.name} (${a.email})` };
  dev = { id: d.id, label: `${d.name} (${d.email})` };

  // 1,000 grant changes a minute apart, every tenth pair sharing its instant (the id breaks the tie).
  const rows = Array.from({ length: 1_000 }, (_, i) => ({
    at: T0 + (i - (i % 10 === 1 ? 1 : 0)) * minute,
    action: i % 2 === 0 ? 'LOG_ACCESS_ENABLED' : 'LOG_ACCESS_DISABLED',
    actor: i % 100 === 99 ? null : admin,
    installationId: i % 3 === 0 ? notes.installationId : timesheet.installationId,
    details: { appName: i % 3 === 0 ? 'Quick Notes' : 'Timesheet Pro', expiresAt: null, ...(i === 500 ? { reason: 'Ticket 100% URGENT_fix' } : {}) },
    ip: i === 777 ? '198.51.100.77' : '203.0.113.7',
  }));
  await insertRows(rows);
});

afterAll(async () => {
  await pgPool().query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
  await pgPool().query(`DELETE FROM audit_events WHERE site_id = $1`, [site.id]);
  await pgPool().query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);
});

describe('keyset paging', () => {
  it('pages through 1,000 rows newest first, each exactly once, in order', async () => {
    const rows = await all({});
    expect(rows).toHaveLength(1_000);
    expect(new Set(rows.map((r) => r.id)).size).toBe(1_000);
    const expected = await pgPool().query<{ id: string }>(`SELECT id::text FROM audit_events WHERE site_id = $1 ORDER BY occurred_at DESC, id DESC`, [site.id]);
    expect(rows.map((r) => r.id)).toEqual(expected.rows.map((r) => r.id));
    // Grouping changes nothing where there are no vendor reads, and an odd page size lands on the same rows.
    expect((await all({}, 'sessions', 37)).map((r) => r.id)).toEqual(rows.map((r) => r.id));
  });

  it('gives 50 rows a page and a cursor, and no cursor after the last', async () => {
    const first = await page({});
    expect(first.events).toHaveLength(50);
    expect(first.nextCursor).toEqual(expect.any(String));
    const last = await page({ from: new Date(T0 + 995 * minute) });
    expect(last.events.map((e) => e.occurredAt)).toHaveLength(5);
    expect(last.nextCursor).toBeNull();
  });
});

describe('filters', () => {
  it('by action', async () => {
    const rows = await all({ action: ['LOG_ACCESS_DISABLED'] });
    expect(rows).toHaveLength(500);
    expect(rows.every((r) => r.action === 'LOG_ACCESS_DISABLED')).toBe(true);
  });

  it('by app: the site’s installations of it', async () => {
    const rows = await all({ app: notes.appId });
    expect(rows).toHaveLength(334);
    expect(rows.every((r) => r.installationId === notes.installationId)).toBe(true);
    expect(await all({ app: 'noSuchApp' })).toEqual([]);
  });

  it('by actor: a person, or Logshare itself', async () => {
    expect(await all({ actor: admin.id })).toHaveLength(990);
    const system = await all({ actor: 'system' });
    expect(system).toHaveLength(10);
    expect(system.every((r) => r.actorUserId === null)).toBe(true);
  });

  it('by free text, in any case, literally (% and _ are not wildcards), over details, IP and action labels', async () => {
    expect((await all({ q: 'ticket 100% urgent_FIX' })).map((r) => r.details.reason)).toEqual(['Ticket 100% URGENT_fix']);
    expect(await all({ q: '100%_' })).toEqual([]);
    expect((await all({ q: '198.51.100' })).map((r) => r.ipAddress)).toEqual(['198.51.100.77']);
    expect(await all({ q: 'access disabled' })).toHaveLength(500);
    expect(await all({ q: 'quick notes', action: ['LOG_ACCESS_ENABLED'] })).toHaveLength(167);
  });

  it('by a UTC range, half-open', async () => {
    const rows = await all({ from: new Date(T0 + 100 * minute), to: new Date(T0 + 200 * minute) });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => Date.parse(r.occurredAt) >= T0 + 100 * minute && Date.parse(r.occurredAt) < T0 + 200 * minute)).toBe(true);
    const { rows: counted } = await pgPool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE site_id = $1 AND occurred_at >= $2 AND occurred_at < $3`,
      [site.id, new Date(T0 + 100 * minute), new Date(T0 + 200 * minute)],
    );
    expect(rows).toHaveLength(counted[0]!.n);
  });

  it('by local days in a zone at -03:30: the day ends at 03:30 UTC the morning after', async () => {
    // 19 Nov 2026 in St. John's is [19 Nov 03:30 UTC, 20 Nov 03:30 UTC); the rows start at 20 Nov 00:00 UTC, a minute apart.
    const range = localDaysToUtcRange('2026-11-19', '2026-11-19', 'America/St_Johns');
    expect(range.to.toISOString()).toBe('2026-11-20T03:30:00.000Z');
    const rows = await all(range);
    expect(rows.at(0)!.occurredAt).toBe('2026-11-20T03:29:00.000Z');
    expect(rows.at(-1)!.occurredAt).toBe('2026-11-20T00:00:00.000Z');
    expect(rows).toHaveLength(3 * 60 + 30);
    // The next local day starts where it ended: no row is in both, none in neither.
    const next = await all(localDaysToUtcRange('2026-11-20', '2026-11-20', 'America/St_Johns'));
    expect(next.at(-1)!.occurredAt).toBe('2026-11-20T03:30:00.000Z');
    expect(rows.length + next.length).toBe(1_000);
  });
});

describe('vendor reads grouped into sessions', () => {
  const S = T0 + 2 * 86_400_000; // 22 Nov, away from the grant rows
  const read = (at: number, lines: number, extra: object = {}) => ({
    at,
    action: 'VENDOR_LOGS_READ',
    actor: dev,
    installationId: timesheet.installationId,
    details: { appName: 'Timesheet Pro', kind: 'page', lines, from: new Date(at - 3_600_000).toISOString(), to: new Date(at).toISOString(), ...extra },
  });
  beforeAll(async () => {
    await insertRows([
      // One session of 4 reads between 09:10 and 09:42 (gaps of 10, 12 and 10 minutes), with a grant change in the middle.
      read(S + (9 * 60 + 10) * minute, 100),
      read(S + (9 * 60 + 20) * minute, 200),
      { at: S + (9 * 60 + 25) * minute, action: 'LOG_ACCESS_ENABLED', actor: admin, installationId: timesheet.installationId, details: { appName: 'Timesheet Pro', expiresAt: null } },
      read(S + (9 * 60 + 32) * minute, 300),
      read(S + (9 * 60 + 42) * minute, 400),
      // 31 minutes later: a new session of one read.
      read(S + (10 * 60 + 13) * minute, 5),
      // The same member with an API token at the same time: a session of its own.
      read(S + (9 * 60 + 30) * minute, 7, { apiTokenId: 'tok1' }),
      read(S + (9 * 60 + 40) * minute, 8, { apiTokenId: 'tok1' }),
      // A live tail is not a page read: a row of its own.
      read(S + (9 * 60 + 35) * minute, 9, { kind: 'tail' }),
    ]);
  });

  const day = { from: new Date(S), to: new Date(S + 86_400_000) };

  it('shows each session once, at its newest read, with its totals', async () => {
    const rows = await all(day, 'sessions');
    expect(rows.map((r) => [r.occurredAt.slice(11, 16), r.action, r.session?.reads ?? null, r.session?.lines ?? null])).toEqual([
      ['10:13', 'VENDOR_LOGS_READ', 1, 5],
      ['09:42', 'VENDOR_LOGS_READ', 4, 1000],
      ['09:40', 'VENDOR_LOGS_READ', 2, 15],
      ['09:35', 'VENDOR_LOGS_READ', null, null],
      ['09:25', 'LOG_ACCESS_ENABLED', null, null],
    ]);
    expect(rows[1]!.session!.firstAt).toBe(new Date(S + (9 * 60 + 10) * minute).toISOString());
    // Ungrouped, every read is its own row.
    expect(await all(day)).toHaveLength(9);
  });

  it('never splits a session between pages, whatever the page size', async () => {
    const grouped = (await all(day, 'sessions')).map((r) => r.id);
    for (const limit of [1, 2, 3]) expect((await all(day, 'sessions', limit)).map((r) => r.id)).toEqual(grouped);
  });

  it('expands a session to each of its reads, newest first, and refuses a row that heads none', async () => {
    const [, session] = await all(day, 'sessions');
    const query = await resolveAuditQuery(site.id, day);
    const reads = await listAuditSessionReads({ query, headId: session!.id, limit: 50 });
    expect(reads.events.map((r) => r.details.lines)).toEqual([400, 300, 200, 100]);
    const paged = await listAuditSessionReads({ query, headId: session!.id, limit: 3 });
    expect(paged.events).toHaveLength(3);
    const rest = await listAuditSessionReads({ query, headId: session!.id, limit: 3, cursor: paged.nextCursor! });
    expect(rest.events.map((r) => r.details.lines)).toEqual([100]);
    await expect(listAuditSessionReads({ query, headId: reads.events[1]!.id, limit: 50 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(listAuditSessionReads({ query, headId: '1', limit: 50 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('ends a session at UTC midnight, so counting one never reads more than a day of its reader', async () => {
    const night = S + 86_400_000; // 23 Nov
    await insertRows([read(night - 10 * minute, 1), read(night + 10 * minute, 2), read(night + 20 * minute, 3)]);
    const rows = await all({ from: new Date(night - 3_600_000), to: new Date(night + 3_600_000) }, 'sessions');
    expect(rows.map((r) => [r.occurredAt.slice(11, 16), r.session?.reads, r.session?.lines])).toEqual([
      ['00:20', 2, 5],
      ['23:50', 1, 1],
    ]);
  });

  it('groups a long trail exactly as a plain grouping of every row does, at any page size', async () => {
    // 25 Nov: 2,400 page reads by three readers (a member on two installations, and with an API token), mostly
    // seconds apart with now and then a pause of more than the gap, and a grant change every 37th row.
    const start = S + 3 * 86_400_000;
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const readers = [
      { installationId: timesheet.installationId, extra: {} },
      { installationId: notes.installationId, extra: {} },
      { installationId: timesheet.installationId, extra: { apiTokenId: 'tok-chunks' } },
    ];
    const rows: Parameters<typeof insertRows>[0] = [];
    let at = start + 60_000;
    for (let i = 0; i < 2_400; i++) {
      at += random() < 0.01 ? 31 * minute : Math.floor(random() * 20_000);
      const reader = readers[Math.floor(random() * readers.length)]!;
      rows.push(i % 37 === 0 ? { at, action: 'LOG_ACCESS_ENABLED', actor: admin, installationId: reader.installationId, details: { appName: 'x', expiresAt: null } } : { ...read(at, i % 90, reader.extra), installationId: reader.installationId });
    }
    await insertRows(rows);
    const range = { from: new Date(start), to: new Date(start + 86_400_000) };

    // The plain grouping: newest first, a page read heads a session when its reader reads no more within the gap that day.
    const stored = (await all(range)).reverse();
    const readerOf = (e: AuditEntry) => `${e.installationId} ${e.actorUserId} ${String(e.details.apiTokenId ?? '')}`;
    const isRead = (e: AuditEntry) => e.action === 'VENDOR_LOGS_READ' && e.details.kind === 'page';
    const expected: [string, number | null, number | null][] = [];
    const open = new Map<string, { head: AuditEntry; reads: number; lines: number; last: number }>();
    const close = (key: string) => {
      const s = open.get(key);
      if (s) expected.push([s.head.id, s.reads, s.lines]);
      open.delete(key);
    };
    for (const e of stored) {
      if (!isRead(e)) {
        expected.push([e.id, null, null]);
        continue;
      }
      const key = readerOf(e);
      const t = Date.parse(e.occurredAt);
      const current = open.get(key);
      if (current && (t - current.last > 30 * minute || Math.floor(t / 86_400_000) !== Math.floor(current.last / 86_400_000))) close(key);
      const s = open.get(key) ?? { head: e, reads: 0, lines: 0, last: t };
      open.set(key, { head: e, reads: s.reads + 1, lines: s.lines + Number(e.details.lines), last: t });
    }
    for (const key of [...open.keys()]) close(key);
    const order = new Map(stored.map((e, i) => [e.id, i]));
    expected.sort((a, b) => order.get(b[0])! - order.get(a[0])!);

    const grouped = (limit: number) => all(range, 'sessions', limit).then((es) => es.map((e) => [e.id, e.session?.reads ?? null, e.session?.lines ?? null]));
    expect(expected.length).toBeGreaterThan(50);
    expect(await grouped(50)).toEqual(expected);
    expect(await grouped(7)).toEqual(expected);
  });

  it('groups only the reads the filters keep: a range that cuts a session counts its part', async () => {
    const rows = await all({ from: new Date(S + (9 * 60 + 30) * minute), to: new Date(S + (9 * 60 + 41) * minute) }, 'sessions');
    expect(rows.map((r) => [r.occurredAt.slice(11, 16), r.session?.reads ?? null])).toEqual([
      ['09:40', 2],
      ['09:35', null],
      ['09:32', 1],
    ]);
  });
});

describe('export', () => {
  async function exportText(filters: AuditFilterInput, format: 'csv' | 'ndjson') {
    const query = await resolveAuditQuery(site.id, filters);
    const viewer = await adminViewer('admin@acme.example');
    let done!: () => void;
    const recorded = new Promise<void>((resolve) => (done = resolve));
    const body = await streamAuditExport({ site, query, filters, format, actor: viewer, meta, onRecorded: () => done(), onRecordFailed: () => done() });
    const text = await new Response(body).text();
    await recorded;
    return text;
  }

  it('streams the filtered rows as NDJSON and CSV, oldest first, and records itself with the count and the filters', async () => {
    const filters: AuditFilterInput = { action: ['LOG_ACCESS_DISABLED'], app: timesheet.appId, to: new Date(T0 + 2 * 86_400_000) };
    const ndjson = (await exportText(filters, 'ndjson')).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const expected = (await all(filters)).reverse();
    expect(ndjson.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(ndjson[0]).toMatchObject({ action: 'LOG_ACCESS_DISABLED', actionLabel: 'Log access disabled', app: 'Timesheet Pro', actorUserId: admin.id, occurredAt: expected[0]!.occurredAt });
    expect(ndjson[0]!.details).toEqual(expected[0]!.details);

    const csv = await exportText(filters, 'csv');
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('id,occurredAt,action,actionLabel,actor,actorUserId,app,installationId,ipAddress,userAgent,details');
    expect(lines).toHaveLength(expected.length + 1);

    const exports = await db().auditEvent.findMany({ where: { siteId: site.id, action: 'AUDIT_LOG_EXPORTED' }, orderBy: { id: 'asc' } });
    expect(exports.map((e) => (e.details as { rows: number }).rows)).toEqual([expected.length, expected.length]);
    expect(exports[1]!.details).toMatchObject({ format: 'csv', completed: true, filters: { action: 'LOG_ACCESS_DISABLED', app: timesheet.appId, to: '2026-11-22T00:00:00.000Z' } });
    expect(exports[1]!.actorUserId).toBe(admin.id);
    expect((exports[1]!.details as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
    // The export row is in the trail like any other.
    expect((await page({ action: ['AUDIT_LOG_EXPORTED'] })).events[0]!.description).toMatch(/^exported the audit log: \d+ rows as CSV · filters: to 22 Nov 2026, 00:00 UTC, action Log access disabled, app /);
  });

  it('a client that goes away mid-file ends the COPY, releases its connection, and the row says so', async () => {
    const query = await resolveAuditQuery(site.id, {});
    const viewer = await adminViewer('admin@acme.example');
    let done!: () => void;
    const recorded = new Promise<void>((resolve) => (done = resolve));
    const body = await streamAuditExport({ site, query, filters: {}, format: 'ndjson', actor: viewer, meta, onRecorded: () => done(), onRecordFailed: () => done() });
    const reader = body.getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    await recorded;
    const last = await db().auditEvent.findFirstOrThrow({ where: { siteId: site.id, action: 'AUDIT_LOG_EXPORTED' }, orderBy: { id: 'desc' } });
    expect(last.details).toMatchObject({ format: 'ndjson', completed: false });
    expect((last.details as { rows: number }).rows).toBeLessThan(1_000);
    // No COPY of the audit trail is left running on the server.
    await expect
      .poll(async () => (await pgPool().query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'COPY (SELECT row_to_json(r)%' AND pid <> pg_backend_pid()`)).rows[0].n)
      .toBe(0);
  });

  it('inlines every filter as a literal (COPY takes no parameters), quotes included', async () => {
    const sql = auditExportSql(await resolveAuditQuery(site.id, { q: "it's", actor: 'system', action: ['LOGS_DOWNLOADED'] }), 'csv');
    expect(sql).toContain(`'%it''s%'`);
    expect(sql).not.toMatch(/\$\d/);
  });
});

describe('who may read it', () => {
  it('the site’s admins; a vendor with an app on the site gets 403; anyone else 404', async () => {
    expect(requireAuditSite(await adminViewer('admin@acme.example'), await findAuditSite(site.id)).id).toBe(site.id);
    const refused = async (email: string, vendor = false) => {
      const viewer = vendor ? await vendorViewer(email) : await adminViewer(email);
      try {
        requireAuditSite(viewer, await findAuditSite(site.id));
        return 200;
      } catch (error) {
        return errorResponse(error).status;
      }
    };
    expect(await refused('siteadmin@acme.example')).toBe(404);
    expect(await refused('admin@initech.example')).toBe(404);
    expect(await refused('dev@lumen.example', true)).toBe(403);
    expect(await refused('dev@globex.example', true)).toBe(404);
    await expect(findAuditSite('no such site')).rejects.toMatchObject({ code: 'not_found' });
    expect(await findAuditSite('noSuchSite')).toBeNull();
    expect(() => requireAuditSite(admin as never, null)).toThrow('No such site.');
  });
});

describe('validation', () => {
  const url = (query: string) => `http://x/api/v1/sites/s/audit-events?${query}`;
  it.each([
    ['from=yesterday', 400],
    ['from=2026-11-20T00:00:00', 400],
    ['from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z', 400],
    ['limit=0', 400],
    ['limit=201', 400],
    ['limit=1.5', 400],
    ['action=NOT_AN_ACTION', 400],
    ['action=', 400],
    [`q=${'x'.repeat(101)}`, 400],
    ['q=%00', 400],
    ['q=', 400],
    ['actor=a%20b', 400],
    ['group=all', 400],
    ['unknown=1', 400],
    ['constructor=1', 400],
    [`action=LOGS_DOWNLOADED,VENDOR_LOGS_READ&q=${'x'.repeat(100)}&limit=200&group=sessions`, 200],
  ])('?%s → %i', (query, status) => {
    expect(statusOf(() => parseQuery(auditEventsQuerySchema, url(query)))).toBe(status);
  });

  it('an export format other than csv and ndjson, and a cursor this API did not give out, are 400s', async () => {
    expect(statusOf(() => parseQuery(auditExportQuerySchema, url('format=xlsx')))).toBe(400);
    const query = await resolveAuditQuery(site.id, {});
    await expect(listAuditEvents({ query, cursor: 'bm90IGEgY3Vyc29y', limit: 50, group: 'none' })).rejects.toMatchObject({ code: 'bad_request' });
  });
});
