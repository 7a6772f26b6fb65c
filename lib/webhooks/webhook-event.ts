import 'server-only';
import { describeAuditDetails } from '@/lib/audit/describe-audit-event';
import type { AuditAction } from '@/lib/generated/prisma/enums';
import { eventKindOfAction } from '@/lib/webhooks/event-kinds';

// The JSON body of an event. An audit event's body is built from its row (the
// row never changes, so every attempt sends the same body); a test event's is
// stored with its delivery.

export type WebhookEvent = {
  id: string;
  type: string;
  occurredAt: string;
  organization: { id: string; name: string } | null;
  site: { id: string; url: string } | null;
  app: { id: string; name: string } | null;
  installationId: string | null;
  actor: { userId: string | null; label: string; ipAddress: string | null; userAgent: string | null };
  action: string;
  description: string;
  details: Record<string, unknown>;
};

export type AuditEventRow = {
  audit_event_id: string;
  occurred_at: Date;
  action: AuditAction;
  actor_user_id: string | null;
  actor_label: string;
  ip_address: string | null;
  user_agent: string | null;
  details: Record<string, unknown>;
  organization_id: string | null;
  organization_name: string | null;
  site_id: string | null;
  site_url: string | null;
  installation_id: string | null;
  app_id: string | null;
  app_name: string | null;
};

/** The SELECT list (over audit_events a, organizations o, sites s, apps p) that gives an AuditEventRow. */
export const AUDIT_EVENT_ROW_COLUMNS = `a.id::text AS audit_event_id, a.occurred_at, a.action, a.actor_user_id, a.actor_label, a.ip_address, a.user_agent, a.details,
  a.organization_id, o.name AS organization_name, a.site_id, s.url AS site_url, a.installation_id, p.id AS app_id, p.name AS app_name`;

export function webhookEventOfAudit(row: AuditEventRow): WebhookEvent {
  return {
    id: `evt_${row.audit_event_id}`,
    type: eventKindOfAction(row.action) ?? row.action,
    occurredAt: row.occurred_at.toISOString(),
    organization: row.organization_id ? { id: row.organization_id, name: row.organization_name ?? '' } : null,
    site: row.site_id ? { id: row.site_id, url: row.site_url ?? '' } : null,
    app: row.app_id ? { id: row.app_id, name: row.app_name ?? '' } : null,
    installationId: row.installation_id,
    actor: { userId: row.actor_user_id, label: row.actor_label, ipAddress: row.ip_address, userAgent: row.user_agent },
    action: row.action,
    description: describeAuditDetails(row.action, row.details),
    details: row.details,
  };
}
