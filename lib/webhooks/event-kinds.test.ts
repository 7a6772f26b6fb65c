import { describe, expect, it } from 'vitest';
import { describeAuditDetails } from '@/lib/audit/describe-audit-event';
import { actionsOfKinds, eventKindOfAction, kindsOfActions, WEBHOOK_EVENT_KIND_NAMES, WEBHOOK_EVENT_KINDS } from '@/lib/webhooks/event-kinds';

describe('webhook event kinds', () => {
  it('reads back the kinds an endpoint chose from the actions its row keeps', () => {
    for (const kind of WEBHOOK_EVENT_KIND_NAMES) expect(kindsOfActions(actionsOfKinds([kind]))).toEqual([kind]);
    expect(kindsOfActions(actionsOfKinds(['logs.read', 'grant.enabled']))).toEqual(['grant.enabled', 'logs.read']);
    expect(kindsOfActions(actionsOfKinds([...WEBHOOK_EVENT_KIND_NAMES]))).toEqual(WEBHOOK_EVENT_KIND_NAMES);
  });

  it('sends each audit action as at most one kind', () => {
    const actions = WEBHOOK_EVENT_KIND_NAMES.flatMap((kind) => WEBHOOK_EVENT_KINDS[kind].actions);
    expect(new Set(actions).size).toBe(actions.length);
    expect(eventKindOfAction('ACCESS_REQUEST_DECLINED')).toBe('request.decided');
    expect(eventKindOfAction('VENDOR_LOGS_READ')).toBe('logs.read');
    expect(eventKindOfAction('API_TOKEN_CREATED')).toBeNull();
  });

  it('describes endpoint changes in the audit log without a secret', () => {
    expect(describeAuditDetails('WEBHOOK_ENDPOINT_CHANGED', { url: 'https://siem.example.com/in', eventTypes: ['grant.enabled', 'logs.read'], enabled: false, changed: ['enabled'] })).toBe(
      'https://siem.example.com/in · grant.enabled, logs.read · disabled · changed: enabled',
    );
  });
});
