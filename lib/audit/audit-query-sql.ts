import { AUDIT_ACTIONS, auditActionLabel } from '@/lib/audit/describe-audit-event';
import type { AuditAction } from '@/lib/generated/prisma/enums';

// The audit log's filters as SQL conditions on an `audit_events` alias, and
// the rule that groups a vendor's page reads into sessions. Values are bound
// once (placeholders from the caller's binder) and the conditions can then be
// stated for several aliases of the table: the page walk and each session
// probe see exactly the same rows.

/** Consecutive page reads by the same reader on the same installation at most this far apart are one session. */
export const SESSION_GAP_MINUTES = 30;

/** The filters with the app already resolved to the site's installations of it. */
export type AuditQuery = {
  siteId: string;
  from?: Date;
  to?: Date;
  actions?: AuditAction[];
  /** Installations of the chosen app on the site; an empty list matches nothing. */
  installationIds?: string[];
  /** A user id, or 'system' for rows without one. */
  actor?: string;
  q?: string;
};

export type Bind = (value: unknown) => string;

/** `e.site_id = $1 AND …` for any alias; bind the values once with auditConditions, then call it per alias. */
export type Conditions = (alias: string) => string;

/** An ILIKE pattern that finds `text` literally: %, _ and \ are escaped (backslash is ILIKE's default escape). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The actions whose label holds the text: "downloaded" finds downloads though the word is in no row. */
function actionsLabelled(text: string): AuditAction[] {
  const needle = text.toLowerCase();
  return AUDIT_ACTIONS.filter((a) => auditActionLabel(a).toLowerCase().includes(needle));
}

export function auditConditions(query: AuditQuery, bind: Bind): Conditions {
  const site = bind(query.siteId);
  const from = query.from ? bind(query.from) : null;
  const to = query.to ? bind(query.to) : null;
  const actions = query.actions ? bind(query.actions) : null;
  const installations = query.installationIds ? bind(query.installationIds) : null;
  const actor = query.actor && query.actor !== 'system' ? bind(query.actor) : null;
  const pattern = query.q ? bind(containsPattern(query.q)) : null;
  const labelled = query.q ? actionsLabelled(query.q) : [];
  const labelledActions = labelled.length ? bind(labelled) : null;
  return (e) => {
    const parts = [`${e}.site_id = ${site}`];
    if (from) parts.push(`${e}.occurred_at >= ${from}::timestamptz`);
    if (to) parts.push(`${e}.occurred_at < ${to}::timestamptz`);
    if (actions) parts.push(`${e}.action = ANY(${actions}::"AuditAction"[])`);
    if (installations) parts.push(`${e}.installation_id = ANY(${installations}::text[])`);
    if (query.actor === 'system') parts.push(`${e}.actor_user_id IS NULL`);
    if (actor) parts.push(`${e}.actor_user_id = ${actor}`);
    if (pattern) {
      // What a row describes: who, from where, and its details (app, reason, note, e-mail, format, …), and its action's label.
      const text = [`${e}.actor_label ILIKE ${pattern}`, `${e}.details::text ILIKE ${pattern}`, `${e}.ip_address ILIKE ${pattern}`];
      if (labelledActions) text.push(`${e}.action = ANY(${labelledActions}::"AuditAction"[])`);
      parts.push(`(${text.join(' OR ')})`);
    }
    return parts.join(' AND ');
  };
}

/** A vendor's read of a viewer page: what sessions are made of. Downloads, exports and live tails stay rows of their own. */
export function isPageRead(e: string): string {
  return `(${e}.action = 'VENDOR_LOGS_READ' AND ${e}.details->>'kind' = 'page')`;
}

/** The same reader (member, and API token if one was used) on the same installation. */
export function sameReader(a: string, b: string): string {
  return `${a}.installation_id = ${b}.installation_id AND ${a}.actor_user_id = ${b}.actor_user_id
    AND coalesce(${a}.details->>'apiTokenId', '') = coalesce(${b}.details->>'apiTokenId', '')`;
}

const GAP = `interval '${SESSION_GAP_MINUTES} minutes'`;

/** The UTC midnight that starts the day of `e`: sessions never cross it, which bounds what one session costs to count. */
function dayStart(e: string): string {
  return `(date_trunc('day', ${e}.occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')`;
}

/** The page read `e` is the newest of its session: no later read of its reader within the gap on the same UTC day, among the filtered rows. */
export function isSessionHead(where: Conditions, e: string): string {
  return `NOT EXISTS (SELECT 1 FROM audit_events n WHERE ${where('n')} AND ${isPageRead('n')} AND ${sameReader('n', e)}
    AND (n.occurred_at, n.id) > (${e}.occurred_at, ${e}.id) AND n.occurred_at <= ${e}.occurred_at + ${GAP} AND n.occurred_at < ${dayStart(e)} + interval '1 day')`;
}

/**
 * A lateral subquery: the totals of the session whose newest read is
 * `head`: reads, lines, and its first read (first_at, first_id). The first
 * read is found by stepping back from the head a gap at a time (the earliest
 * read of the reader within the gap before the earliest found so far, until
 * there is none), each step a short range of the vendor-reads index; then the
 * reads from there to the head are counted. So a session costs about twice
 * its own reads, whatever else its reader read that day.
 */
export function sessionStatsSql(where: Conditions, head: string): string {
  const lines = `CASE WHEN jsonb_typeof(m.details->'lines') = 'number' THEN (m.details->>'lines')::numeric END`;
  const start = `(WITH RECURSIVE back(t) AS (
        SELECT ${head}.occurred_at::timestamptz
        UNION ALL
        SELECT (SELECT min(p.occurred_at)::timestamptz FROM audit_events p
                 WHERE ${where('p')} AND ${isPageRead('p')} AND ${sameReader('p', head)}
                   AND p.occurred_at >= back.t - ${GAP} AND p.occurred_at < back.t AND p.occurred_at >= ${dayStart(head)})
          FROM back WHERE back.t IS NOT NULL
      ) SELECT min(t) FROM back)`;
  return `SELECT count(*)::int AS reads, coalesce(sum(${lines}), 0) AS lines, min(m.occurred_at) AS first_at, (array_agg(m.id ORDER BY m.occurred_at, m.id))[1]::text AS first_id
      FROM audit_events m
     WHERE ${isPageRead(head)} AND ${where('m')} AND ${isPageRead('m')} AND ${sameReader('m', head)}
       AND m.occurred_at >= ${start} AND (m.occurred_at, m.id) <= (${head}.occurred_at, ${head}.id)`;
}

/** The reads of a session from its first read (`first_at`, `first_id` of `stats`) to its head, for alias `m`. */
export function sessionMembers(where: Conditions, head: string, stats: string): string {
  return `${where('m')} AND ${isPageRead('m')} AND ${sameReader('m', head)}
    AND (m.occurred_at, m.id) >= (${stats}.first_at, ${stats}.first_id::bigint) AND (m.occurred_at, m.id) <= (${head}.occurred_at, ${head}.id)`;
}

export const AUDIT_COLUMNS = (e: string) =>
  `${e}.id::text AS id, ${e}.occurred_at, ${e}.action, ${e}.actor_user_id, ${e}.actor_label, ${e}.installation_id, ${e}.ip_address, ${e}.user_agent, ${e}.details`;

/**
 * The statement of one page (limit + 1 rows, to know whether another
 * follows), newest first after the keyset cursor: raw rows, or with page
 * reads grouped into sessions (heads only, each with its session's totals).
 */
export function auditPageStatement(options: { query: AuditQuery; cursor: { ts: Date; id: string } | null; limit: number; group: 'none' | 'sessions' }): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const where = auditConditions(options.query, bind);
  const after = options.cursor ? ` AND (e.occurred_at, e.id) < (${bind(options.cursor.ts)}::timestamptz, ${bind(options.cursor.id)}::bigint)` : '';
  const limit = bind(options.limit + 1);
  const grouped = options.group === 'sessions';
  const walk = `SELECT e.* FROM audit_events e
     WHERE ${where('e')}${after}${grouped ? ` AND (NOT ${isPageRead('e')} OR ${isSessionHead(where, 'e')})` : ''}
     ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${limit}`;
  const text = grouped
    ? `WITH page AS MATERIALIZED (${walk})
       SELECT ${AUDIT_COLUMNS('page')}, s.reads AS session_reads, s.lines::text AS session_lines, s.first_at AS session_first_at, s.first_id AS session_first_id
         FROM page
         LEFT JOIN LATERAL (${sessionStatsSql(where, 'page')}) s ON true
        ORDER BY page.occurred_at DESC, page.id DESC`
    : `SELECT ${AUDIT_COLUMNS('e')} FROM (${walk}) e ORDER BY e.occurred_at DESC, e.id DESC`;
  return { text, values };
}
