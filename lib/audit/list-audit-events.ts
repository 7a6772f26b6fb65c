import 'server-only';
import { AUDIT_COLUMNS, auditConditions, auditPageStatement, isPageRead, isSessionHead, sessionMembers, sessionStatsSql, type AuditQuery } from '@/lib/audit/audit-query-sql';
import { auditActionLabel, describeAuditDetails } from '@/lib/audit/describe-audit-event';
import { queryAuditTrail } from '@/lib/audit/query-audit-trail';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors';
import type { AuditAction } from '@/lib/generated/prisma/enums';
import { decodeLogCursor, encodeLogCursor, type LogCursor } from '@/lib/logs/log-cursor';
import type { AuditFilterInput } from '@/lib/validations/audit-events';

// A site's audit trail, keyset-paged newest first on (occurred_at, id).
//
// Sessions (group: 'sessions'): a vendor's viewer pages come one audit row
// each, so a reader clicking "Load more" would fill the log. The page shows
// one entry per session instead: the reads of one reader (member, and API
// token) on one installation, each within SESSION_GAP_MINUTES of the next.
// The grouping is done in SQL over the whole filtered trail, not within a
// page: an entry is a row that is not a page read, or the newest read of a
// session (no later read of its reader within the gap), and the cursor is
// the (occurred_at, id) of the last entry. So paging stays exact (every entry
// once, in order; a session is never split between pages) and each page
// costs a short index walk plus, per read it passes, one probe of the
// vendor-reads index; each session's totals come from one range scan of its
// reader's reads on that index. A session ends at UTC midnight too, so a
// reader polling all day long costs at most a day of its reads to count.

export type AuditSession = { reads: number; lines: number; firstAt: string; firstEventId: string };

export type AuditEntry = {
  id: string;
  occurredAt: string;
  action: AuditAction;
  actionLabel: string;
  actorUserId: string | null;
  actorLabel: string;
  appName: string | null;
  installationId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
  /** The details in words, as the Admin Hub shows them. */
  description: string;
  /** Set on a session's newest read when grouped: the whole session's totals. */
  session: AuditSession | null;
};

export type AuditPage = { events: AuditEntry[]; nextCursor: string | null };

type Row = {
  id: string;
  occurred_at: Date;
  action: AuditAction;
  actor_user_id: string | null;
  actor_label: string;
  installation_id: string | null;
  ip_address: string | null;
  user_agent: string | null;
  details: Record<string, unknown> | null;
  session_reads?: number | null;
  session_lines?: string | null;
  session_first_at?: Date | null;
  session_first_id?: string | null;
};


/** The API's and the page's filters with the app resolved to the site's installations of it (none: nothing matches). */
export async function resolveAuditQuery(siteId: string, input: AuditFilterInput): Promise<AuditQuery> {
  const installationIds = input.app
    ? (await db().installation.findMany({ where: { siteId, appId: input.app }, select: { id: true } })).map((i) => i.id)
    : undefined;
  return { siteId, from: input.from, to: input.to, actions: input.action, installationIds, actor: input.actor, q: input.q };
}

function parseCursor(cursor: string | undefined): LogCursor | null {
  return cursor ? decodeLogCursor(cursor) : null;
}

/** One page of the trail: raw rows, or (group 'sessions') with a vendor's page reads grouped into sessions. */
export async function listAuditEvents(options: { query: AuditQuery; cursor?: string; limit: number; group: 'none' | 'sessions' }): Promise<AuditPage> {
  const { text, values } = auditPageStatement({ ...options, cursor: parseCursor(options.cursor) });
  const { rows } = await queryAuditTrail<Row>(text, values);
  return pageOf(rows, options.limit);
}

/**
 * The reads of one session, newest first and keyset-paged: the session whose
 * newest read is `headId` under the same filters as the page that showed it.
 * A row that is not such a head is a 404.
 */
export async function listAuditSessionReads(options: { query: AuditQuery; headId: string; cursor?: string; limit: number }): Promise<AuditPage> {
  if (!/^\d{1,18}$/.test(options.headId)) throw new AppError('not_found', 'No such session.');
  const cursor = parseCursor(options.cursor);
  const values: unknown[] = [];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const where = auditConditions(options.query, bind);
  const head = bind(options.headId);
  const after = cursor ? ` AND (m.occurred_at, m.id) < (${bind(cursor.ts)}::timestamptz, ${bind(cursor.id)}::bigint)` : '';
  const text = `WITH head AS MATERIALIZED (
       SELECT h.* FROM audit_events h WHERE h.id = ${head}::bigint AND ${where('h')} AND ${isPageRead('h')} AND ${isSessionHead(where, 'h')}
     ), stats AS MATERIALIZED (SELECT s.* FROM head, LATERAL (${sessionStatsSql(where, 'head')}) s)
     SELECT ${AUDIT_COLUMNS('m')}
       FROM head, stats, audit_events m
      WHERE ${sessionMembers(where, 'head', 'stats')}${after}
      ORDER BY m.occurred_at DESC, m.id DESC LIMIT ${bind(options.limit + 1)}`;
  const { rows } = await queryAuditTrail<Row>(text, values);
  // A session has at least its head: nothing on the first page means the row is no session's head here.
  if (rows.length === 0 && !cursor) throw new AppError('not_found', 'No such session: the row is not the newest read of a session among these filters.');
  return pageOf(rows, options.limit);
}

function pageOf(rows: Row[], limit: number): AuditPage {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map(entryOf),
    nextCursor: rows.length > limit && last ? encodeLogCursor({ ts: last.occurred_at, id: last.id }) : null,
  };
}

function entryOf(row: Row): AuditEntry {
  const details = row.details ?? {};
  const session =
    row.session_reads && row.session_first_at && row.session_first_id
      ? { reads: row.session_reads, lines: Number(row.session_lines ?? 0), firstAt: row.session_first_at.toISOString(), firstEventId: row.session_first_id }
      : null;
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    action: row.action,
    actionLabel: auditActionLabel(row.action),
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    appName: typeof details.appName === 'string' ? details.appName : null,
    installationId: row.installation_id,
    ipAddress: row.ip_address,
    userAgent: row.user_agent,
    details,
    description: describeAuditDetails(row.action, details),
    session,
  };
}
