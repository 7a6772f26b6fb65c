import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db, pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { disableLogAccess, enableLogAccess } from '@/lib/log-access/change-log-access';
import { recordAuditEvent, SYSTEM_ACTOR } from '@/lib/audit/record-audit-event';
import { meta, person, type Person } from '@/lib/test-support/identities';
import { startWebhookReceiver, type WebhookReceiver } from '@/lib/test-support/webhook-receiver';
import { deliverDueWebhooks, purgeWebhookDeliveries } from '@/lib/webhooks/deliver-webhooks';
import { listWebhookDeliveries } from '@/lib/webhooks/list-webhook-deliveries';
import { MAX_WEBHOOK_ATTEMPTS } from '@/lib/webhooks/retry-delay';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, verifyWebhookSignature } from '@/lib/webhooks/sign-webhook';
import { createWebhookEndpoint, deleteWebhookEndpoint, queueTestWebhook, rotateWebhookSecret, updateWebhookEndpoint } from '@/lib/webhooks/webhook-endpoints';

// The webhook outbox end to end on Initech: the audit trail's trigger queues
// deliveries in the change's transaction, every server's job shares them, and
// failures are retried with backoff until the bound.

const policy = { allowLoopback: true };
const urlCheck = { policy };
const FIRST_RETRY_MS = 1000;
/** The middle of the jitter: every wait is 3/4 of the doubled delay. */
const random = () => 0.5;

describe('webhook outbox', () => {
  let admin: Person;
  let organizationId: string;
  let radar: { id: string };
  let receiver: WebhookReceiver;
  let endpointId: string;
  let secret: string;

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 100, reset: true });
    admin = await person('admin@initech.example');
    const site = await db().site.findUniqueOrThrow({ where: { url: 'initech.atlassian.net' } });
    organizationId = site.organizationId;
    radar = await db().installation.findFirstOrThrow({ where: { siteId: site.id, app: { name: 'Release Radar' } } });
  });

  beforeEach(async () => {
    await disableLogAccess({ installationId: radar.id, actor: admin, meta }).catch(() => undefined);
    receiver = await startWebhookReceiver();
    const created = await createWebhookEndpoint({ organizationId, input: { url: receiver.url, eventTypes: ['grant.enabled', 'grant.disabled'], enabled: true }, actor: admin, meta, urlCheck });
    endpointId = created.endpoint.id;
    secret = created.secret;
  });

  afterEach(async () => {
    await db().webhookEndpoint.deleteMany({ where: { organizationId } });
    await receiver.close();
  });

  afterAll(async () => {
    await disableLogAccess({ installationId: radar.id, actor: admin, meta }).catch(() => undefined);
  });

  const deliveries = () => db().webhookDelivery.findMany({ where: { endpointId }, orderBy: { createdAt: 'asc' } });

  it('queues one delivery per subscribed event in the change’s transaction and sends it signed', async () => {
    await enableLogAccess({ installationId: radar.id, actor: admin, meta, expiresAt: null });
    const queued = await deliveries();
    expect(queued).toHaveLength(1);

    expect(await deliverDueWebhooks({ policy, firstRetryMs: FIRST_RETRY_MS })).toMatchObject({ delivered: 1, retried: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(verifyWebhookSignature({ secret, header: request!.headers[SIGNATURE_HEADER] as string, body: request!.body })).toBe(true);
    expect(verifyWebhookSignature({ secret: `${secret}x`, header: request!.headers[SIGNATURE_HEADER] as string, body: request!.body })).toBe(false);
    const event = JSON.parse(request!.body) as Record<string, unknown>;
    expect(event).toMatchObject({
      type: 'grant.enabled',
      action: 'LOG_ACCESS_ENABLED',
      site: { url: 'initech.atlassian.net' },
      app: { name: 'Release Radar' },
      actor: { userId: admin.id, ipAddress: meta.ipAddress },
      details: { appName: 'Release Radar', expiresAt: null },
    });
    expect(event.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(request!.headers[EVENT_ID_HEADER]).toBe(event.id);
    expect(await deliveries()).toMatchObject([{ attempts: 1, nextAttemptAt: null, lastStatus: 200, failedAt: null }]);

    // Nothing is sent twice.
    expect(await deliverDueWebhooks({ policy })).toMatchObject({ delivered: 0 });
    expect(receiver.received).toHaveLength(1);
  });

  it('queues nothing for events the endpoint does not subscribe to, for a disabled endpoint or another organization', async () => {
    await db().$transaction((tx) => recordAuditEvent(tx, { action: 'ORG_POLICY_CHANGED', actor: SYSTEM_ACTOR, scope: { organizationId } }));
    await updateWebhookEndpoint({ organizationId, endpointId, input: { enabled: false }, actor: admin, meta, urlCheck });
    await enableLogAccess({ installationId: radar.id, actor: admin, meta, expiresAt: null });
    const acme = await db().organization.findFirstOrThrow({ where: { name: 'Acme' } });
    await db().$transaction((tx) => recordAuditEvent(tx, { action: 'LOG_ACCESS_ENABLED', actor: SYSTEM_ACTOR, scope: { organizationId: acme.id } }));
    expect(await deliveries()).toHaveLength(0);
  });

  it('sends nothing for a change that rolled back', async () => {
    await expect(
      db().$transaction(async (tx) => {
        await recordAuditEvent(tx, { action: 'LOG_ACCESS_ENABLED', actor: SYSTEM_ACTOR, scope: { organizationId } });
        throw new Error('the change failed after its audit row');
      }),
    ).rejects.toThrow('the change failed');
    expect(await deliveries()).toHaveLength(0);
    expect(await deliverDueWebhooks({ policy })).toMatchObject({ delivered: 0, retried: 0, failed: 0 });
    expect(receiver.received).toHaveLength(0);
  });

  it('delivers each event once when two delivery runs race', async () => {
    await db().$transaction(async (tx) => {
      for (let i = 0; i < 30; i++) await recordAuditEvent(tx, { action: 'LOG_ACCESS_ENABLED', actor: SYSTEM_ACTOR, scope: { organizationId }, details: { n: i } });
    });
    const [a, b] = await Promise.all([deliverDueWebhooks({ policy }), deliverDueWebhooks({ policy })]);
    expect(a.delivered + b.delivered).toBe(30);
    expect(receiver.received).toHaveLength(30);
    expect(new Set(receiver.received.map((r) => r.headers[EVENT_ID_HEADER])).size).toBe(30);
    expect((await deliveries()).every((d) => d.attempts === 1 && d.deliveredAt !== null)).toBe(true);
  });

  it('retries after a 500 with growing waits, then delivers', async () => {
    receiver.answers.push(500, 503);
    await enableLogAccess({ installationId: radar.id, actor: admin, meta, expiresAt: null });
    const t0 = new Date(Date.now() + 1000);
    const at = (ms: number) => ({ policy, firstRetryMs: FIRST_RETRY_MS, random, now: () => new Date(t0.getTime() + ms) });

    expect(await deliverDueWebhooks(at(0))).toMatchObject({ retried: 1 });
    let [row] = await deliveries();
    expect(row).toMatchObject({ attempts: 1, lastStatus: 500, deliveredAt: null, failedAt: null });
    expect(row!.lastError).toContain('500');
    expect(row!.responseExcerpt).toBe('failing on purpose with 500');
    expect(row!.nextAttemptAt!.getTime()).toBe(t0.getTime() + 750);

    // Not due yet: nothing is sent.
    expect(await deliverDueWebhooks(at(749))).toMatchObject({ delivered: 0, retried: 0 });
    expect(receiver.received).toHaveLength(1);

    expect(await deliverDueWebhooks(at(750))).toMatchObject({ retried: 1 });
    [row] = await deliveries();
    expect(row!.nextAttemptAt!.getTime()).toBe(t0.getTime() + 750 + 1500);

    expect(await deliverDueWebhooks(at(2250))).toMatchObject({ delivered: 1 });
    [row] = await deliveries();
    expect(row).toMatchObject({ attempts: 3, lastStatus: 200, lastError: null, nextAttemptAt: null });
    // Every attempt carried the same event id, so a receiver drops repeats.
    expect(new Set(receiver.received.map((r) => r.headers[EVENT_ID_HEADER])).size).toBe(1);
    const log = await listWebhookDeliveries({ endpointId, limit: 10 });
    expect(log.deliveries[0]).toMatchObject({ state: 'delivered', attempts: 3, eventType: 'grant.enabled', siteUrl: 'initech.atlassian.net' });
  });

  it('gives up after the last attempt and marks the delivery failed', async () => {
    receiver.answers.push(...Array<number>(MAX_WEBHOOK_ATTEMPTS).fill(500));
    await enableLogAccess({ installationId: radar.id, actor: admin, meta, expiresAt: null });
    let clock = Date.now() + 1000;
    for (let attempt = 1; attempt <= MAX_WEBHOOK_ATTEMPTS; attempt++) {
      const outcome = await deliverDueWebhooks({ policy, firstRetryMs: FIRST_RETRY_MS, random, now: () => new Date(clock) });
      expect(outcome).toMatchObject(attempt < MAX_WEBHOOK_ATTEMPTS ? { retried: 1 } : { failed: 1 });
      const [row] = await deliveries();
      clock = row!.nextAttemptAt?.getTime() ?? clock;
    }
    const [row] = await deliveries();
    expect(row).toMatchObject({ attempts: MAX_WEBHOOK_ATTEMPTS, nextAttemptAt: null, deliveredAt: null, lastStatus: 500 });
    expect(row!.failedAt).not.toBeNull();
    expect(await deliverDueWebhooks({ policy, now: () => new Date(clock + 86_400_000) })).toMatchObject({ delivered: 0, retried: 0, failed: 0 });
    expect(receiver.received).toHaveLength(MAX_WEBHOOK_ATTEMPTS);
    expect((await listWebhookDeliveries({ endpointId, limit: 10 })).deliveries[0]).toMatchObject({ state: 'failed' });
  });

  it('sends a test event even while the endpoint is disabled, and refuses private addresses when sending', async () => {
    await updateWebhookEndpoint({ organizationId, endpointId, input: { enabled: false }, actor: admin, meta, urlCheck });
    const id = await queueTestWebhook({ organizationId, endpointId, actor: admin, meta });
    expect(await deliverDueWebhooks({ policy, ids: [id] })).toMatchObject({ delivered: 1 });
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: 'webhook.test', organization: { id: organizationId, name: 'Initech' } });

    // The same loopback receiver, on a production server: the connection is never made.
    const blocked = await queueTestWebhook({ organizationId, endpointId, actor: admin, meta });
    expect(await deliverDueWebhooks({ policy: { allowLoopback: false }, ids: [blocked], firstRetryMs: FIRST_RETRY_MS })).toMatchObject({ retried: 1 });
    expect(receiver.received).toHaveLength(1);
    const row = await db().webhookDelivery.findUniqueOrThrow({ where: { id: blocked } });
    expect(row.lastStatus).toBeNull();
    expect(row.lastError).toMatch(/development and test servers/);
  });

  it('signs with a new secret once it is replaced, queued retries included', async () => {
    receiver.answers.push(500);
    await enableLogAccess({ installationId: radar.id, actor: admin, meta, expiresAt: null });
    let clock = Date.now() + 1000;
    expect(await deliverDueWebhooks({ policy, firstRetryMs: FIRST_RETRY_MS, random, now: () => new Date(clock) })).toMatchObject({ retried: 1 });
    const rotated = await rotateWebhookSecret({ organizationId, endpointId, actor: admin, meta });
    expect(rotated.secret).not.toBe(secret);
    clock += 60_000;
    expect(await deliverDueWebhooks({ policy, firstRetryMs: FIRST_RETRY_MS, random, now: () => new Date(clock) })).toMatchObject({ delivered: 1 });
    const [first, second] = receiver.received;
    expect(verifyWebhookSignature({ secret, header: first!.headers[SIGNATURE_HEADER] as string, body: first!.body, now: new Date(clock - 60_000) })).toBe(true);
    expect(verifyWebhookSignature({ secret: rotated.secret, header: second!.headers[SIGNATURE_HEADER] as string, body: second!.body, now: new Date(clock) })).toBe(true);
    expect(verifyWebhookSignature({ secret, header: second!.headers[SIGNATURE_HEADER] as string, body: second!.body, now: new Date(clock) })).toBe(false);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { organizationId, action: 'WEBHOOK_ENDPOINT_CHANGED' }, orderBy: { id: 'desc' } });
    expect(audit.details).toMatchObject({ changed: ['secret'] });
    expect(JSON.stringify(audit.details)).not.toContain(rotated.secret);
  });

  it('records endpoint changes on every site of the organization, never with the secret', async () => {
    await updateWebhookEndpoint({ organizationId, endpointId, input: { eventTypes: ['logs.read'] }, actor: admin, meta, urlCheck });
    await deleteWebhookEndpoint({ organizationId, endpointId, actor: admin, meta });
    const sites = await db().site.count({ where: { organizationId } });
    const rows = await db().auditEvent.findMany({ where: { organizationId, action: { in: ['WEBHOOK_ENDPOINT_CREATED', 'WEBHOOK_ENDPOINT_CHANGED', 'WEBHOOK_ENDPOINT_DELETED'] } }, orderBy: { id: 'desc' }, take: 3 * sites });
    expect(rows.filter((r) => r.action === 'WEBHOOK_ENDPOINT_CHANGED')).toHaveLength(sites);
    expect(rows.find((r) => r.action === 'WEBHOOK_ENDPOINT_CHANGED')!.details).toMatchObject({ eventTypes: ['logs.read'], changed: ['eventTypes'] });
    expect(JSON.stringify(rows.map((r) => r.details))).not.toContain(secret);
  });

  it('pages the delivery log by the server, newest first', async () => {
    await db().$transaction(async (tx) => {
      for (let i = 0; i < 25; i++) await recordAuditEvent(tx, { action: 'LOG_ACCESS_DISABLED', actor: SYSTEM_ACTOR, scope: { organizationId } });
    });
    const first = await listWebhookDeliveries({ endpointId, limit: 20 });
    expect(first.deliveries).toHaveLength(20);
    const second = await listWebhookDeliveries({ endpointId, limit: 20, cursor: first.nextCursor! });
    expect(second.deliveries).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.deliveries, ...second.deliveries].map((d) => d.id)).size).toBe(25);
    await expect(listWebhookDeliveries({ endpointId, limit: 20, cursor: 'bm9wZQ' })).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('counts a vendor read’s audit rows written by raw SQL too', async () => {
    await updateWebhookEndpoint({ organizationId, endpointId, input: { eventTypes: ['logs.read'] }, actor: admin, meta, urlCheck });
    await pgPool().query(
      `INSERT INTO audit_events (action, actor_label, organization_id) SELECT 'VENDOR_LOGS_READ', 'dev', $1 FROM generate_series(1, 3)`,
      [organizationId],
    );
    expect(await deliveries()).toHaveLength(3);
  });
});

describe('the delivery log’s retention', () => {
  it('purges delivered and failed deliveries past 30 days, never one still being retried', async () => {
    const organization = await db().organization.findFirstOrThrow({ where: { name: 'Initech' } });
    const endpoint = await db().webhookEndpoint.create({ data: { organizationId: organization.id, url: 'https://93.184.216.34/in', secret: 'whsec_x', actions: [], enabled: false } });
    const old = new Date(Date.now() - 31 * 86_400_000);
    const [delivered, failed, retrying, recent] = await Promise.all([
      db().webhookDelivery.create({ data: { endpointId: endpoint.id, createdAt: old, nextAttemptAt: null, deliveredAt: old } }),
      db().webhookDelivery.create({ data: { endpointId: endpoint.id, createdAt: old, nextAttemptAt: null, failedAt: old } }),
      db().webhookDelivery.create({ data: { endpointId: endpoint.id, createdAt: old, nextAttemptAt: new Date() } }),
      db().webhookDelivery.create({ data: { endpointId: endpoint.id, nextAttemptAt: null, deliveredAt: new Date() } }),
    ]);
    try {
      expect(await purgeWebhookDeliveries()).toBeGreaterThanOrEqual(2);
      const left = (await db().webhookDelivery.findMany({ where: { endpointId: endpoint.id } })).map((d) => d.id).sort();
      expect(left).toEqual([retrying.id, recent.id].sort());
      expect(left).not.toContain(delivered.id);
      expect(left).not.toContain(failed.id);
    } finally {
      await db().webhookEndpoint.delete({ where: { id: endpoint.id } });
    }
  });
});
