import type { AuditAction } from '@/lib/generated/prisma/enums';

// The kinds of event a webhook endpoint subscribes to, and the audit actions
// each one sends: the one definition. An endpoint's row keeps the actions
// (what the trigger on audit_events compares), derived from the kinds chosen
// here; the kinds shown are read back from them. Shared by the browser form.

export const WEBHOOK_EVENT_KINDS = {
  'grant.enabled': { label: 'Log access enabled', actions: ['LOG_ACCESS_ENABLED'] },
  'grant.disabled': { label: 'Log access disabled', actions: ['LOG_ACCESS_DISABLED'] },
  'grant.expired': { label: 'Log access expired', actions: ['LOG_ACCESS_EXPIRED'] },
  'request.created': { label: 'Access requested', actions: ['ACCESS_REQUESTED'] },
  'request.decided': { label: 'Access request approved, declined or withdrawn', actions: ['ACCESS_REQUEST_APPROVED', 'ACCESS_REQUEST_DECLINED', 'ACCESS_REQUEST_WITHDRAWN'] },
  'policy.changed': { label: 'Organization policy changed', actions: ['ORG_POLICY_CHANGED'] },
  'logs.read': { label: 'Vendor read logs (one event per read)', actions: ['VENDOR_LOGS_READ'] },
  'logs.downloaded': { label: 'Logs downloaded by an admin', actions: ['LOGS_DOWNLOADED'] },
  'audit.exported': { label: 'Audit log exported', actions: ['AUDIT_LOG_EXPORTED'] },
  'webhook.changed': { label: 'Webhook endpoint added, changed or deleted', actions: ['WEBHOOK_ENDPOINT_CREATED', 'WEBHOOK_ENDPOINT_CHANGED', 'WEBHOOK_ENDPOINT_DELETED'] },
} as const satisfies Record<string, { label: string; actions: readonly AuditAction[] }>;

export type WebhookEventKind = keyof typeof WEBHOOK_EVENT_KINDS;

export const WEBHOOK_EVENT_KIND_NAMES = Object.keys(WEBHOOK_EVENT_KINDS) as [WebhookEventKind, ...WebhookEventKind[]];

/** The type of a test event ("Send test event"); no endpoint subscribes to it. */
export const WEBHOOK_TEST_EVENT_TYPE = 'webhook.test';

export function actionsOfKinds(kinds: readonly WebhookEventKind[]): AuditAction[] {
  return [...new Set(kinds.flatMap((kind) => WEBHOOK_EVENT_KINDS[kind].actions))];
}

/** The kinds whose every action the endpoint sends, in the order above. */
export function kindsOfActions(actions: readonly AuditAction[]): WebhookEventKind[] {
  return WEBHOOK_EVENT_KIND_NAMES.filter((kind) => WEBHOOK_EVENT_KINDS[kind].actions.every((action) => actions.includes(action)));
}

/** The event type a recorded audit action is sent as; null for actions no kind sends. */
export function eventKindOfAction(action: AuditAction): WebhookEventKind | null {
  return WEBHOOK_EVENT_KIND_NAMES.find((kind) => (WEBHOOK_EVENT_KINDS[kind].actions as readonly AuditAction[]).includes(action)) ?? null;
}
