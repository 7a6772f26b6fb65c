import { formatUtcDateTime } from '@/lib/format';
import type { AuditAction } from '@/lib/generated/prisma/enums';

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
};

export const AUDIT_ACTIONS = Object.keys(actionLabels) as readonly AuditAction[];

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(actionLabels, value);
}

export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? actionLabels[action] : action;
}

/** The details column: what changed, in a sentence fragment. */
export function describeAuditDetails(action: string, details: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof details.appName === 'string') parts.push(details.appName);
  if (action === 'LOG_ACCESS_ENABLED') {
    parts.push(endDate(details.expiresAt));
    if ('previousExpiresAt' in details) parts.push('end date changed');
    if (typeof details.accessRequestId === 'string') parts.push('on request of the vendor');
  }
  if (action === 'ACCESS_REQUESTED') parts.push(typeof details.expiresAt === 'string' ? `asked until ${formatUtcDateTime(details.expiresAt)}` : 'asked with no end date');
  if (action === 'ACCESS_REQUEST_APPROVED') {
    parts.push(details.alreadyShared ? 'logs were already shared, no new grant' : `shared ${endDate(details.expiresAt)}`);
  }
  if (action === 'ACCESS_REQUEST_DECLINED' && typeof details.note === 'string') parts.push(`note: ${details.note}`);
  if (action === 'LOG_ACCESS_EXPIRED' && typeof details.expiresAt === 'string') parts.push(`end date ${formatUtcDateTime(details.expiresAt)} reached`);
  if (action === 'VENDOR_LOGS_READ' || action === 'LOGS_DOWNLOADED') parts.push(describeRead(details));
  if (action === 'ORG_POLICY_CHANGED') {
    parts.push(details.shareLogsByDefault ? 'new paid apps share logs by default' : 'new paid apps do not share logs by default');
  }
  if (action.startsWith('VENDOR_INVITATION_') || action.startsWith('VENDOR_MEMBER_')) parts.push(describeMembership(details));
  if (typeof details.reason === 'string') parts.push(details.reason);
  return parts.join(' · ');
}

/** "read 1,240 lines from 24 Nov 2026, 09:00 UTC to 24 Nov 2026, 12:00 UTC", and how. */
function describeRead(details: Record<string, unknown>): string {
  const lines = typeof details.lines === 'number' ? details.lines : 0;
  const what = `read ${lines.toLocaleString('en')} line${lines === 1 ? '' : 's'}`;
  if (details.kind === 'context' && typeof details.at === 'string') return `${what} around a line of ${formatUtcDateTime(details.at)}`;
  const range =
    typeof details.from === 'string' && typeof details.to === 'string'
      ? ` from ${formatUtcDateTime(details.from)} to ${formatUtcDateTime(details.to)}`
      : '';
  const how =
    details.kind === 'tail'
      ? ' in a live tail'
      : details.kind === 'export'
        ? ` as ${String(details.format ?? 'ndjson').toUpperCase()}${details.masked ? ', masked' : ''}${details.completed === false ? ' (interrupted)' : ''}`
        : '';
  return `${what}${range}${how}`;
}

/** "dana@example.com · developer → viewer" */
function describeMembership(details: Record<string, unknown>): string {
  const role = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : '');
  const roles = details.previousRole ? [role(details.previousRole), role(details.role)].filter(Boolean).join(' → ') : role(details.role);
  return [details.email, roles].filter(Boolean).join(' · ');
}

function endDate(expiresAt: unknown): string {
  return typeof expiresAt === 'string' ? `until ${formatUtcDateTime(expiresAt)}` : 'no end date';
}
