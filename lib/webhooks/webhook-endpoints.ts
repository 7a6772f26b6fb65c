import 'server-only';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { RequestMeta } from '@/lib/request-meta';
import { actorOf, recordAuditEvent } from '@/lib/audit/record-audit-event';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors';
import type { AuditAction } from '@/lib/generated/prisma/enums';
import type { Prisma } from '@/lib/generated/prisma/client';
import { mintSecret } from '@/lib/tokens/secret-tokens';
import type { createWebhookSchema, updateWebhookSchema } from '@/lib/validations/webhooks';
import { checkWebhookUrl } from '@/lib/webhooks/check-webhook-url';
import { CLAIM_LEASE_MS } from '@/lib/webhooks/deliver-webhooks';
import { actionsOfKinds, kindsOfActions, WEBHOOK_TEST_EVENT_TYPE, type WebhookEventKind } from '@/lib/webhooks/event-kinds';
import type { AddressPolicy } from '@/lib/webhooks/webhook-address';
import type { WebhookEvent } from '@/lib/webhooks/webhook-event';

// An organization's webhook endpoints. Each change is an audit row on every
// site of the organization, as a policy change is, written in the change's
// transaction; the secret is in no audit row and in no answer but the one
// that created the endpoint.

/** Enough for a SIEM, a chat channel and a few more; a runaway script meets a 409. */
export const MAX_WEBHOOK_ENDPOINTS = 10;
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

type Actor = { id: string; name: string; email: string };
type UrlCheck = { policy: AddressPolicy; resolve?: (hostname: string) => Promise<string[]> };

export type WebhookEndpointJson = {
  id: string;
  url: string;
  eventTypes: WebhookEventKind[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
};

function endpointJson(row: { id: string; url: string; actions: AuditAction[]; enabled: boolean; createdAt: Date; updatedAt: Date }): WebhookEndpointJson {
  return { id: row.id, url: row.url, eventTypes: kindsOfActions(row.actions), enabled: row.enabled, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export async function listWebhookEndpoints(organizationId: string): Promise<WebhookEndpointJson[]> {
  const rows = await db().webhookEndpoint.findMany({ where: { organizationId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return rows.map(endpointJson);
}

/** The organization's endpoint, or a 404 (an id of another organization included). */
export async function findWebhookEndpoint(organizationId: string, endpointId: string) {
  const row = await db().webhookEndpoint.findFirst({ where: { id: endpointId, organizationId } });
  if (!row) throw new AppError('not_found', 'No such webhook endpoint.');
  return row;
}

async function auditOnEverySite(tx: Prisma.TransactionClient, options: { organizationId: string; action: AuditAction; actor: Actor; meta: RequestMeta; details: Prisma.InputJsonObject }) {
  const sites = await tx.site.findMany({ where: { organizationId: options.organizationId }, select: { id: true } });
  for (const site of sites) {
    await recordAuditEvent(tx, {
      action: options.action,
      actor: actorOf(options.actor),
      scope: { organizationId: options.organizationId, siteId: site.id },
      details: options.details,
      meta: options.meta,
    });
  }
}

function auditDetails(endpoint: WebhookEndpointJson, changed?: string[]): Prisma.InputJsonObject {
  return { endpointId: endpoint.id, url: endpoint.url, eventTypes: endpoint.eventTypes, enabled: endpoint.enabled, ...(changed ? { changed } : {}) };
}

/** Adds an endpoint with a new secret; the answer is the one place the secret is ever shown. */
export async function createWebhookEndpoint(options: {
  organizationId: string;
  input: z.output<typeof createWebhookSchema>;
  actor: Actor;
  meta: RequestMeta;
  urlCheck: UrlCheck;
}): Promise<{ endpoint: WebhookEndpointJson; secret: string }> {
  await checkWebhookUrl(options.input.url, options.urlCheck);
  const secret = mintSecret(WEBHOOK_SECRET_PREFIX);
  return db().$transaction(async (tx) => {
    // Counted under the organization's row lock, so two concurrent adds cannot pass the bound together.
    await tx.$queryRaw`SELECT id FROM organizations WHERE id = ${options.organizationId} FOR UPDATE`;
    const count = await tx.webhookEndpoint.count({ where: { organizationId: options.organizationId } });
    if (count >= MAX_WEBHOOK_ENDPOINTS) throw new AppError('conflict', `An organization has at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints.`);
    const row = await tx.webhookEndpoint.create({
      data: { organizationId: options.organizationId, url: options.input.url, secret, actions: actionsOfKinds(options.input.eventTypes), enabled: options.input.enabled },
    });
    const endpoint = endpointJson(row);
    await auditOnEverySite(tx, { ...options, action: 'WEBHOOK_ENDPOINT_CREATED', details: auditDetails(endpoint) });
    return { endpoint, secret };
  });
}

export async function updateWebhookEndpoint(options: {
  organizationId: string;
  endpointId: string;
  input: z.output<typeof updateWebhookSchema>;
  actor: Actor;
  meta: RequestMeta;
  urlCheck: UrlCheck;
}): Promise<WebhookEndpointJson> {
  const { input } = options;
  if (input.url !== undefined) await checkWebhookUrl(input.url, options.urlCheck);
  return db().$transaction(async (tx) => {
    const before = await tx.webhookEndpoint.findFirst({ where: { id: options.endpointId, organizationId: options.organizationId } });
    if (!before) throw new AppError('not_found', 'No such webhook endpoint.');
    const row = await tx.webhookEndpoint.update({
      where: { id: before.id },
      data: {
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.eventTypes !== undefined ? { actions: actionsOfKinds(input.eventTypes) } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      },
    });
    const endpoint = endpointJson(row);
    const old = endpointJson(before);
    const changed = (['url', 'eventTypes', 'enabled'] as const).filter((field) => JSON.stringify(old[field]) !== JSON.stringify(endpoint[field]));
    if (changed.length) await auditOnEverySite(tx, { ...options, action: 'WEBHOOK_ENDPOINT_CHANGED', details: auditDetails(endpoint, changed) });
    return endpoint;
  });
}

/**
 * Replaces the endpoint's secret (a lost or leaked one): every attempt from
 * now on, retries of queued events included, is signed with the new one,
 * which this answer shows once.
 */
export async function rotateWebhookSecret(options: { organizationId: string; endpointId: string; actor: Actor; meta: RequestMeta }): Promise<{ endpoint: WebhookEndpointJson; secret: string }> {
  const secret = mintSecret(WEBHOOK_SECRET_PREFIX);
  return db().$transaction(async (tx) => {
    const before = await tx.webhookEndpoint.findFirst({ where: { id: options.endpointId, organizationId: options.organizationId } });
    if (!before) throw new AppError('not_found', 'No such webhook endpoint.');
    const endpoint = endpointJson(await tx.webhookEndpoint.update({ where: { id: before.id }, data: { secret } }));
    await auditOnEverySite(tx, { ...options, action: 'WEBHOOK_ENDPOINT_CHANGED', details: auditDetails(endpoint, ['secret']) });
    return { endpoint, secret };
  });
}

/** Removes the endpoint and its delivery log; queued events are not sent. */
export async function deleteWebhookEndpoint(options: { organizationId: string; endpointId: string; actor: Actor; meta: RequestMeta }): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await tx.webhookEndpoint.findFirst({ where: { id: options.endpointId, organizationId: options.organizationId } });
    if (!before) throw new AppError('not_found', 'No such webhook endpoint.');
    await tx.webhookEndpoint.delete({ where: { id: before.id } });
    await auditOnEverySite(tx, { ...options, action: 'WEBHOOK_ENDPOINT_DELETED', details: auditDetails(endpointJson(before)) });
  });
}

/** Queues a test event for the endpoint (sent even while it is disabled); the caller sends it at once with deliverDueWebhooks({ ids }). */
export async function queueTestWebhook(options: { organizationId: string; endpointId: string; actor: Actor; meta: RequestMeta; now?: Date }): Promise<string> {
  const endpoint = await findWebhookEndpoint(options.organizationId, options.endpointId);
  const organization = await db().organization.findUniqueOrThrow({ where: { id: options.organizationId }, select: { id: true, name: true } });
  const actor = actorOf(options.actor);
  const event: WebhookEvent = {
    id: `evt_test_${randomUUID().replaceAll('-', '')}`,
    type: WEBHOOK_TEST_EVENT_TYPE,
    occurredAt: (options.now ?? new Date()).toISOString(),
    organization,
    site: null,
    app: null,
    installationId: null,
    actor: { userId: actor.userId, label: actor.label, ipAddress: options.meta.ipAddress, userAgent: options.meta.userAgent },
    action: 'WEBHOOK_TEST',
    description: `Test event sent from the Admin Hub by ${actor.label}`,
    details: { endpointId: endpoint.id },
  };
  // Queued leased, so the delivery job leaves it to the request that sends it (and takes it should that request die).
  const nextAttemptAt = new Date((options.now ?? new Date()).getTime() + CLAIM_LEASE_MS);
  const delivery = await db().webhookDelivery.create({ data: { endpointId: endpoint.id, testPayload: event as unknown as Prisma.InputJsonObject, nextAttemptAt } });
  return delivery.id;
}
