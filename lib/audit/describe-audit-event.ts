import { formatUtcDateTime } from '@/lib/format';
import { describeJustification } from '@/lib/access-requests/justification';
import { REASON_CODES, type ReasonCode } from '@/lib/validations/access-requests';
import type { AuditAction } from '@/lib/generated/prisma/enums';
import { grantScopeSentence, storedGrantScope } from '@/lib/validations/grant-scope';

// Plain words for an audit row, shared by the Admin Hub page and any export.

// Typed by the schema's enum: a new audit action does not compile without its label.
const actionLabels: Record<AuditAction, string> = {
  LOG_ACCESS_ENABLED: 'Log access enabled',
  LOG_ACCESS_DISABLED: 'Log access disabled',
  LOG_ACCESS_EXPIRED: 'Log access expired',
  ACCESS_REQUESTED: 'Access requested',
  ACCESS_REQUEST_APPROVED: 'Access request approved',
  ACCESS_REQUEST_DECLINED: 'Access request declined',
  ACCESS_REQUEST_WITHDRAWN: 'Access request withdrawn',
  LOGS_DOWNLOADED: 'Logs downloaded',
  VENDOR_LOGS_READ: 'Vendor read logs',
  ORG_POLICY_CHANGED: 'Organization policy changed',
  INGEST_TOKEN_CREATED: 'Ingest token created',
  INGEST_TOKEN_REVOKED: 'Ingest token revoked',
  API_TOKEN_CREATED: 'API token created',
  API_TOKEN_REVOKED: 'API token revoked',
  VENDOR_INVITATION_SENT: 'Member invited',
  VENDOR_INVITATION_CANCELLED: 'Invitation cancelled',
  VENDOR_INVITATION_ACCEPTED: 'Invitation accepted',
  VENDOR_INVITATION_DECLINED: 'Invitation declined',
  VENDOR_MEMBER_ROLE_CHANGED: 'Member role changed',
  VENDOR_MEMBER_REMOVED: 'Member removed',
  AUDIT_LOG_EXPORTED: 'Audit log exported',
  WEBHOOK_ENDPOINT_CREATED: 'Webhook added',
  WEBHOOK_ENDPOINT_CHANGED: 'Webhook changed',
  WEBHOOK_ENDPOINT_DELETED: 'Webhook deleted',
  LOG_ACCESS_ENDING_NOTICE_SENT: 'Log access ending notice sent',
  LOG_ACCESS_SUMMARY_SENT: 'Summary of vendor reads sent',
};

export const AUDIT_ACTIONS = Object.keys(actionLabels) as readonly AuditAction[];

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(actionLabels, value);
}

export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? actionLabels[action] : action;
}

/** The details column: what changed, in a sentence fragment. */
/** A grant's scope as the audit log says it: "full access" or "scoped: errors only; personal data masked". */
function scopeWords(stored: unknown): string {
  return grantScopeSentence(storedGrantScope(stored)).replace(/^./, (c) => c.toLowerCase());
}

export function describeAuditDetails(action: string, details: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof details.appName === 'string') parts.push(details.appName);
  if (action === 'LOG_ACCESS_ENABLED') {
    parts.push(endDate(details.expiresAt));
    if ('previousExpiresAt' in details) parts.push('previousGrantScope' in details ? 'scope changed' : 'end date changed');
    if (typeof details.accessRequestId === 'string') parts.push('on request of the vendor');
    if ('grantScope' in details) parts.push(scopeWords(details.grantScope));
  }
  if (action === 'ACCESS_REQUESTED') {
    if (typeof details.grantExpiresAt === 'string') parts.push(`more time on the grant ending ${formatUtcDateTime(details.grantExpiresAt)}`);
    parts.push(typeof details.expiresAt === 'string' ? `asked until ${formatUtcDateTime(details.expiresAt)}` : 'asked with no end date');
  }
  if (action === 'ACCESS_REQUEST_APPROVED') {
    parts.push(
      details.alreadyShared
        ? 'logs were already shared, no new grant'
        : typeof details.previousExpiresAt === 'string'
          ? `${isEarlier(details.expiresAt, details.previousExpiresAt) ? 'end moved' : 'extended'} ${endDate(details.expiresAt)} (was until ${formatUtcDateTime(details.previousExpiresAt)})`
          : `shared ${endDate(details.expiresAt)}`,
    );
    if ('grantScope' in details) parts.push(scopeWords(details.grantScope));
  }
  if (action === 'LOG_ACCESS_ENDING_NOTICE_SENT' || action === 'LOG_ACCESS_SUMMARY_SENT') parts.push(describeNotice(action, details));
  if (action === 'ACCESS_REQUEST_DECLINED' && typeof details.note === 'string') parts.push(`note: ${details.note}`);
  if (action === 'LOG_ACCESS_EXPIRED' && typeof details.expiresAt === 'string') parts.push(`end date ${formatUtcDateTime(details.expiresAt)} reached`);
  if (action === 'VENDOR_LOGS_READ' || action === 'LOGS_DOWNLOADED') parts.push(describeRead(details));
  const justification = justificationOf(details.justification);
  if (justification) parts.push(action === 'ACCESS_REQUESTED' ? justification : `under a request: ${justification}`);
  if (action === 'ORG_POLICY_CHANGED') parts.push(...describePolicy(details));
  if (action === 'AUDIT_LOG_EXPORTED') parts.push(describeAuditExport(details));
  if (action.startsWith('WEBHOOK_ENDPOINT_')) parts.push(describeWebhook(details));
  if (action.startsWith('VENDOR_INVITATION_') || action.startsWith('VENDOR_MEMBER_')) parts.push(describeMembership(details));
  if (typeof details.reason === 'string') parts.push(details.reason);
  return parts.join(' · ');
}

/** "read 1,240 lines from 24 Nov 2026, 09:00 UTC to 24 Nov 2026, 12:00 UTC", and how. */
function describeRead(details: Record<string, unknown>): string {
  const lines = typeof details.lines === 'number' ? details.lines : 0;
  const what =
    details.kind === 'count' ? describeCount(details) : `${details.kind === 'counts' ? 'counted' : 'read'} ${lines.toLocaleString('en')} line${lines === 1 ? '' : 's'}`;
  if (details.kind === 'context' && typeof details.at === 'string') return `${what} around a line of ${formatUtcDateTime(details.at)}`;
  const range =
    typeof details.from === 'string' && typeof details.to === 'string'
      ? ` from ${formatUtcDateTime(details.from)} to ${formatUtcDateTime(details.to)}`
      : '';
  const how = details.kind === 'counts'
    ? ' for the volume chart and facets (repeats of this view within 10 minutes not listed)'
    : details.kind === 'tail'
      ? ' in a live tail'
      : details.kind === 'patterns'
        ? ` as patterns${typeof details.sampled === 'number' && details.sampled < 1 ? ` (a sample of ${Math.max(0.1, Math.round(details.sampled * 1000) / 10)}%)` : ''}`
      : details.kind === 'export'
        ? ` as ${String(details.format ?? 'ndjson').toUpperCase()}${maskedWord(details.masked)}${details.completed === false ? ' (interrupted)' : ''}`
        : '';
  return `${what}${range}${how}`;
}

/** "counted the matching lines (1,204 over the app's sharing sites)": a count is of every site the search covered together. */
function describeCount(details: Record<string, unknown>): string {
  if (typeof details.matched !== 'number') return 'counted the matching lines';
  const over = details.exact === false ? 'more than ' : '';
  return `counted the matching lines (${over}${details.matched.toLocaleString('en')} over the app's sharing sites)`;
}

/** The policy as an ORG_POLICY_CHANGED row records it, one clause a rule (older rows hold only shareLogsByDefault). */
function describePolicy(details: Record<string, unknown>): string[] {
  const names = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const clauses = [details.shareLogsByDefault ? 'new paid apps share logs by default' : 'new paid apps do not share logs by default'];
  const never = names(details.neverShareWith);
  if (never.length) clauses.push(`never shares with ${never.join(', ')}`);
  if (typeof details.maxGrantDays === 'number') clauses.push(`grants last at most ${details.maxGrantDays} days`);
  const auto = (details.autoApprove ?? {}) as { vendors?: unknown; reasonCodes?: unknown };
  const vendors = names(auto.vendors);
  const codes = names(auto.reasonCodes).filter((c): c is ReasonCode => Object.hasOwn(REASON_CODES, c));
  if (vendors.length && codes.length) clauses.push(`approves requests from ${vendors.join(', ')} for ${codes.map((c) => REASON_CODES[c].toLowerCase()).join(', ')} by itself`);
  const scope = storedGrantScope(details.defaultGrantScope);
  if (scope) clauses.push(`new grants ${scopeWords(scope)}`);
  return clauses;
}

/** A recorded justification ({ code, ticket }) in words, or null when there is none or it is not one. */
function justificationOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const { code, ticket } = value as { code?: unknown; ticket?: unknown };
  if (typeof code !== 'string' || !Object.hasOwn(REASON_CODES, code)) return null;
  return describeJustification(code as ReasonCode, typeof ticket === 'string' ? ticket : null);
}

/** "ends 4 Dec 2026, 10:00 UTC · told 2 admins and 1 vendor member" / "57 reads, 4,230 lines served, 2 exports · sent to 2 admins" */
function describeNotice(action: string, details: Record<string, unknown>): string {
  const count = (value: unknown) => (typeof value === 'number' ? value : 0);
  const plural = (value: unknown, one: string, many: string) => `${count(value).toLocaleString('en')} ${count(value) === 1 ? one : many}`;
  const sentTo = Array.isArray(details.sentTo) ? details.sentTo.length : 0;
  if (action === 'LOG_ACCESS_ENDING_NOTICE_SENT') {
    const ends = typeof details.expiresAt === 'string' ? `ends ${formatUtcDateTime(details.expiresAt)}` : 'ends within a day';
    return `${ends} · told ${plural(sentTo, 'admin', 'admins')} and ${plural(details.vendorMembersTold, 'vendor member', 'vendor members')}`;
  }
  const what = `${plural(details.reads, 'read', 'reads')}, ${plural(details.linesServed, 'line', 'lines')} served, ${plural(details.exports, 'export', 'exports')}`;
  return `${what} · sent to ${plural(sentTo, 'admin', 'admins')}`;
}

/** "dana@example.com · developer → viewer" */
function describeMembership(details: Record<string, unknown>): string {
  const role = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : '');
  const roles = details.previousRole ? [role(details.previousRole), role(details.role)].filter(Boolean).join(' → ') : role(details.role);
  return [details.email, roles].filter(Boolean).join(' · ');
}

/** Whether the instant `a` comes before `b` (an approval that brought a grant's end forward). */
function isEarlier(a: unknown, b: string): boolean {
  return typeof a === 'string' && Date.parse(a) < Date.parse(b);
}

function endDate(expiresAt: unknown): string {
  return typeof expiresAt === 'string' ? `until ${formatUtcDateTime(expiresAt)}` : 'no end date';
}

/** A download says whether personal data was masked, in words either way: a missing word is easy to miss. */
function maskedWord(masked: unknown): string {
  return masked === true ? ', masked' : masked === false ? ', not masked' : '';
}

/** "exported the audit log: 1,000 rows as CSV · filters: action VENDOR_LOGS_READ, text "timeout"" */
function describeAuditExport(details: Record<string, unknown>): string {
  const rows = typeof details.rows === 'number' ? details.rows : 0;
  const what = `exported the audit log: ${rows.toLocaleString('en')} row${rows === 1 ? '' : 's'} as ${String(details.format ?? 'csv').toUpperCase()}${details.completed === false ? ' (interrupted)' : ''}`;
  const filters = details.filters && typeof details.filters === 'object' ? (details.filters as Record<string, unknown>) : {};
  const named: string[] = [];
  if (typeof filters.from === 'string') named.push(`from ${formatUtcDateTime(filters.from)}`);
  if (typeof filters.to === 'string') named.push(`to ${formatUtcDateTime(filters.to)}`);
  if (typeof filters.action === 'string') named.push(`action ${filters.action.split(',').map(auditActionLabel).join(', ')}`);
  if (typeof filters.app === 'string') named.push(`app ${filters.app}`);
  if (typeof filters.actor === 'string') named.push(`actor ${filters.actor}`);
  if (typeof filters.q === 'string') named.push(`text "${filters.q}"`);
  return `${what} · ${named.length ? `filters: ${named.join(', ')}` : 'no filters'}`;
}

const utcTime = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

/** A vendor's session of page reads: "read 4,230 lines in 57 requests between 09:10 and 09:42 UTC". */
export function describeAuditSession(session: { reads: number; lines: number; firstAt: string }, lastAt: string): string {
  const lines = `read ${session.lines.toLocaleString('en')} line${session.lines === 1 ? '' : 's'} in ${session.reads.toLocaleString('en')} requests`;
  const sameDay = session.firstAt.slice(0, 10) === lastAt.slice(0, 10);
  const [first, last] = [utcTime.format(new Date(session.firstAt)), utcTime.format(new Date(lastAt))];
  if (sameDay && first === last) return `${lines} at ${first} UTC`;
  const between = sameDay
    ? `between ${first} and ${last} UTC`
    : `between ${formatUtcDateTime(session.firstAt).replace(/ UTC$/, '')} and ${formatUtcDateTime(lastAt)}`;
  return `${lines} ${between}`;
}

/** "https://siem.example/hook · grant.enabled, logs.read · disabled · changed: enabled". */
function describeWebhook(details: Record<string, unknown>): string {
  const parts = [typeof details.url === 'string' ? details.url : 'an endpoint'];
  if (Array.isArray(details.eventTypes)) parts.push(details.eventTypes.join(', '));
  if (details.enabled === false) parts.push('disabled');
  if (Array.isArray(details.changed)) parts.push(`changed: ${details.changed.join(', ')}`);
  return parts.join(' · ');
}
