import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/prisma';
import { deliverDueEmails, MAX_DELIVERY_ATTEMPTS, retryDelayMs } from '@/lib/email/deliver-outbox';
import { listUndeliverableEmails } from '@/lib/email/list-undeliverable-emails';
import { deliverEmails, enqueueEmails, type EmailMessage } from '@/lib/email/send-email';
import { startTestSmtpServer, type TestSmtpServer } from '@/lib/test-support/test-smtp-server';

const MINUTE = 60_000;
const from = 'Logshare <no-reply@logshare.local>';

async function enqueue(messages: EmailMessage[]): Promise<string[]> {
  return db().$transaction((tx) => enqueueEmails(tx, messages));
}

function outboxRow(id: string) {
  return db().outboxEmail.findUniqueOrThrow({ where: { id } });
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('outbox delivery', () => {
  let smtp: TestSmtpServer | undefined;

  beforeEach(async () => {
    // Messages other test files left due are not this file's business.
    await db().outboxEmail.updateMany({ where: { nextAttemptAt: { not: null } }, data: { nextAttemptAt: null } });
  });
  afterEach(async () => {
    await smtp?.close();
    smtp = undefined;
  });

  it('retries a failed message with growing waits and delivers it once', async () => {
    smtp = await startTestSmtpServer({ failFirst: 2 });
    const [id] = await enqueue([{ to: 'admin@acme.example', subject: 'Retry me', body: 'Third time lucky.' }]);
    const t0 = new Date(Date.now() + 1000);
    const at = (ms: number) => ({ smtpUrl: smtp!.url, from, now: () => new Date(t0.getTime() + ms) });

    expect(await deliverDueEmails(at(0))).toEqual({ sent: 0, retried: 1, undeliverable: 0 });
    let row = await outboxRow(id!);
    expect(row).toMatchObject({ attempts: 1, sentAt: null, undeliverableAt: null });
    expect(row.nextAttemptAt?.getTime()).toBe(t0.getTime() + MINUTE);
    expect(row.lastError).toContain('451');

    // Not due yet: nobody is asked.
    expect(await deliverDueEmails(at(MINUTE - 1))).toEqual({ sent: 0, retried: 0, undeliverable: 0 });
    expect(smtp.offered).toBe(1);

    expect(await deliverDueEmails(at(MINUTE))).toEqual({ sent: 0, retried: 1, undeliverable: 0 });
    row = await outboxRow(id!);
    expect(row.attempts).toBe(2);
    expect(row.nextAttemptAt?.getTime()).toBe(t0.getTime() + MINUTE + 3 * MINUTE); // the wait grew threefold
    expect(await deliverDueEmails(at(4 * MINUTE - 1))).toEqual({ sent: 0, retried: 0, undeliverable: 0 });

    expect(await deliverDueEmails(at(4 * MINUTE))).toEqual({ sent: 1, retried: 0, undeliverable: 0 });
    row = await outboxRow(id!);
    expect(row).toMatchObject({ attempts: 3, nextAttemptAt: null, undeliverableAt: null });
    expect(row.sentAt?.getTime()).toBe(t0.getTime() + 4 * MINUTE);

    // Sent is final: later runs send nothing more.
    await deliverDueEmails(at(24 * 60 * MINUTE));
    expect(smtp.offered).toBe(3);
    expect(smtp.received.map((e) => [e.to, e.subject])).toEqual([[['admin@acme.example'], 'Retry me']]);
    expect(smtp.received[0]!.raw).toContain('Third time lucky.');
  });

  it('lets two deliverers run at once without sending any message twice (SKIP LOCKED)', async () => {
    smtp = await startTestSmtpServer({ delayMs: 15 });
    const subjects = Array.from({ length: 30 }, (_, i) => `Parallel ${String(i).padStart(2, '0')}`);
    const ids = await enqueue(subjects.map((subject) => ({ to: 'admin@acme.example', subject, body: subject })));
    const options = { smtpUrl: smtp.url, from, now: () => new Date(Date.now() + 1000) };

    const [first, second] = await Promise.all([deliverDueEmails(options), deliverDueEmails(options)]);
    expect(first.sent + second.sent).toBe(30);
    // Both took part: each claimed rows the other had not locked.
    expect(first.sent).toBeGreaterThan(0);
    expect(second.sent).toBeGreaterThan(0);
    expect(smtp.received.map((e) => e.subject).sort()).toEqual(subjects);
    const rows = await db().outboxEmail.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.sentAt !== null && r.attempts === 1)).toBe(true);
  });

  it(`gives up after ${MAX_DELIVERY_ATTEMPTS} attempts over about 18 hours and marks the message undeliverable`, async () => {
    smtp = await startTestSmtpServer({ failFirst: 1000 });
    const [id] = await enqueue([{ to: 'contact@acme.example', subject: 'Never arrives', body: '…', organizationId: 'org1' }]);
    let clock = Date.now() + 1000;
    const start = clock;
    for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
      const result = await deliverDueEmails({ smtpUrl: smtp.url, from, now: () => new Date(clock) });
      expect(result).toEqual(attempt < MAX_DELIVERY_ATTEMPTS ? { sent: 0, retried: 1, undeliverable: 0 } : { sent: 0, retried: 0, undeliverable: 1 });
      clock += retryDelayMs(attempt);
    }
    const row = await outboxRow(id!);
    expect(row).toMatchObject({ attempts: MAX_DELIVERY_ATTEMPTS, nextAttemptAt: null, sentAt: null });
    expect(row.lastError).toContain('try again later');
    const gaveUpAfterHours = (row.undeliverableAt!.getTime() - start) / 3_600_000;
    expect(gaveUpAfterHours).toBeGreaterThan(12);
    expect(gaveUpAfterHours).toBeLessThan(30);

    // Never tried again.
    await deliverDueEmails({ smtpUrl: smtp.url, from, now: () => new Date(clock + 7 * 24 * 60 * MINUTE) });
    expect(smtp.offered).toBe(MAX_DELIVERY_ATTEMPTS);
  });

  it('leaves a message the send-at-once path could not deliver due for the delivery job', async () => {
    const [id, other] = await enqueue([
      { to: 'admin@acme.example', subject: 'Fast path', body: 'Now or later.' },
      { to: 'admin@acme.example', subject: 'Not mine', body: 'Someone else’s.' },
    ]);
    await expect(deliverEmails([id!], { smtpUrl: `smtp://127.0.0.1:${await closedPort()}`, from })).resolves.toBeUndefined();
    const failed = await outboxRow(id!);
    expect(failed).toMatchObject({ attempts: 1, sentAt: null, undeliverableAt: null });
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(failed.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    // The fast path touched only its own message.
    expect((await outboxRow(other!)).attempts).toBe(0);

    smtp = await startTestSmtpServer();
    const result = await deliverDueEmails({ smtpUrl: smtp.url, from, now: () => new Date(failed.nextAttemptAt!.getTime()) });
    expect(result.sent).toBe(2);
    expect(smtp.received.map((e) => e.subject).sort()).toEqual(['Fast path', 'Not mine']);
  });

  it('sends nothing without an SMTP URL: messages stay due, as they are', async () => {
    const [id] = await enqueue([{ to: 'admin@acme.example', subject: 'Kept', body: 'Only in the outbox.' }]);
    expect(await deliverDueEmails({ now: () => new Date(Date.now() + 1000) })).toEqual({ sent: 0, retried: 0, undeliverable: 0 });
    expect(await outboxRow(id!)).toMatchObject({ attempts: 0, sentAt: null, undeliverableAt: null });
  });

  it('shows a site’s admins the undeliverable e-mails about their site, their organization or themselves', async () => {
    const now = new Date();
    const ids = await enqueue([
      { to: 'contact@acme.example', subject: 'Org-wide', body: '…', organizationId: 'orgA' },
      { to: 'admin@acme.example', subject: 'This site', body: '…', organizationId: 'orgA', siteId: 'siteA' },
      { to: 'admin@acme.example', subject: 'Other site', body: '…', organizationId: 'orgA', siteId: 'siteB' },
      { to: 'admin@initech.example', subject: 'Other organization', body: '…', organizationId: 'orgB' },
      { to: 'me@acme.example', subject: 'To me', body: '…' },
      { to: 'admin@acme.example', subject: 'Delivered', body: '…', organizationId: 'orgA' },
      { to: 'admin@acme.example', subject: 'Long ago', body: '…', organizationId: 'orgA' },
    ]);
    await db().outboxEmail.updateMany({ where: { id: { in: ids.slice(0, 5) } }, data: { undeliverableAt: now, lastError: '550 no such mailbox', attempts: 8 } });
    await db().outboxEmail.update({ where: { id: ids[6]! }, data: { undeliverableAt: new Date(now.getTime() - 31 * 24 * 60 * MINUTE) } });
    const shown = await listUndeliverableEmails({ organizationId: 'orgA', siteId: 'siteA', viewerEmail: 'me@acme.example', now });
    expect(shown.map((e) => e.subject).sort()).toEqual(['Org-wide', 'This site', 'To me']);
    expect(shown[0]).toMatchObject({ attempts: 8, lastError: '550 no such mailbox' });
    expect(shown[0]!.undeliverableAt).toMatch(/Z$/);
  });
});
