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

/** The page read `e` is the newest of its session: no later read of its reader within the gap, among the filtered rows. */
export function isSessionHead(where: Conditions, e: string): string {
  return `NOT EXISTS (SELECT 1 FROM audit_events n WHERE ${where('n')} AND ${isPageRead('n')} AND ${sameReader('n', e)}
    AND (n.occurred_at, n.id) > (${e}.occurred_at, ${e}.id) AND n.occurred_at <= ${e}.occurred_at + ${GAP})`;
}

/** The page read `e` is the first of its session: no earlier read of its reader within the gap. */
function isSessionStart(where: Conditions, e: string): string {
  return `NOT EXISTS (SELECT 1 FROM audit_events p WHERE ${where('p')} AND ${isPageRead('p')} AND ${sameReader('p', e)}
    AND (p.occurred_at, p.id) < (${e}.occurred_at, ${e}.id) AND p.occurred_at >= ${e}.occurred_at - ${GAP})`;
}

/**
 * A lateral subquery: the first read (occurred_at, id) of the session whose
 * newest read is `head`. It walks the reader's reads backwards from the head
 * on the vendor-reads index until one has no predecessor within the gap.
 */
export function sessionStartSql(where: Conditions, head: string): string {
  return `SELECT st.occurred_at, st.id FROM audit_events st
     WHERE ${where('st')} AND ${isPageRead('st')} AND ${sameReader('st', head)} AND (st.occurred_at, st.id) <= (${head}.occurred_at, ${head}.id)
       AND ${isSessionStart(where, 'st')}
     ORDER BY st.occurred_at DESC, st.id DESC LIMIT 1`;
}

/** The reads of a session, from its start `start` to its head `head` (both (occurred_at, id) rows), for alias `m`. */
export function sessionMembers(where: Conditions, head: string, start: string): string {
  return `${where('m')} AND ${isPageRead('m')} AND ${sameReader('m', head)}
    AND (m.occurred_at, m.id) >= (${start}.occurred_at, ${start}.id) AND (m.occurred_at, m.id) <= (${head}.occurred_at, ${head}.id)`;
}
