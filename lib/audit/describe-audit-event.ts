import { formatUtcDateTime } from '@/lib/format';

// Plain words for an audit row, shared by the Admin Hub page and any export.

const actionLabels: Record<string, string> = {
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
};

export const AUDIT_ACTIONS = Object.keys(actionLabels);

export function auditActionLabel(action: string): string {
  return actionLabels[action] ?? action;
}

/** The details column: what changed, in a sentence fragment. */
export function describeAuditDetails(action: string, details: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof details.appName === 'string') parts.push(details.appName);
  if (action === 'LOG_ACCESS_ENABLED') {
    parts.push(typeof details.expiresAt === 'string' ? `until ${formatUtcDateTime(details.expiresAt)}` : 'no end date');
    if ('previousExpiresAt' in details) parts.push('end date changed');
  }
  if (action === 'LOG_ACCESS_EXPIRED' && typeof details.expiresAt === 'string') parts.push(`end date ${formatUtcDateTime(details.expiresAt)} reached`);
  if (action === 'ORG_POLICY_CHANGED') {
    parts.push(details.shareLogsByDefault ? 'new paid apps share logs by default' : 'new paid apps do not share logs by default');
  }
  if (typeof details.reason === 'string') parts.push(details.reason);
  return parts.join(' · ');
}
