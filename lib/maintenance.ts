import 'server-only';
import { purgeExpiredSessions } from '@/lib/auth/sessions';
import { purgeSignInThrottle } from '@/lib/auth/sign-in-throttle';
import { pgPool } from '@/lib/db/prisma';
import { dropExpiredLogPartitions, ensureLogPartitions, isLockTimeout } from '@/lib/db/log-partitions';
import { deliverDueEmails } from '@/lib/email/deliver-outbox';
import { serverEnv } from '@/lib/env';
import { purgeIngestRateWindows } from '@/lib/ingest/rate-limit-ingest';
import { purgeIdempotencyKeys } from '@/lib/ingest/store-ingest-batch';
import { settleAllExpiredGrants } from '@/lib/log-access/settle-expired-grants';
import { sendGrantEndingNotices } from '@/lib/log-access/send-grant-ending-notices';
import { purgeLogWrites } from '@/lib/logs/tail-logs';
import { buildSearchIndexes } from '@/lib/search/build-search-indexes';
import { deliverDueWebhooks, purgeWebhookDeliveries } from '@/lib/webhooks/deliver-webhooks';
import { log } from '@/lib/log';

// Periodic upkeep in every server process. Each job is idempotent and safe to
// run on several servers at once (row locks, IF NOT EXISTS), so no leader is needed.

const MINUTE = 60_000;

/** Runs `job` now and every `ms`; a job that gave up waiting for a lock (lock_timeout) runs again a minute later. */
function every(ms: number, name: string, job: () => Promise<unknown>) {
  const run = (): Promise<void> =>
    job().then(
      () => undefined,
      (error: unknown) => {
        if (isLockTimeout(error)) {
          log.warn('maintenance job could not get its lock; retrying in a minute', { job: name });
          setTimeout(run, MINUTE).unref();
          return;
        }
        log.error('maintenance job failed', { job: name, error });
      },
    );
  void run();
  setInterval(run, ms).unref();
}

export function startMaintenance() {
  every(MINUTE, 'settle-expired-grants', async () => {
    const settled = await settleAllExpiredGrants();
    if (settled) log.info('expired log access grants settled', { settled });
  });
  // A day before a grant ends, its admins and vendor are told; each grant is claimed on its row, so servers never both send.
  every(MINUTE, 'grant-ending-notices', async () => {
    const announced = await sendGrantEndingNotices();
    if (announced) log.info('grant ending notices sent', { announced });
  });
  // Retries and leftovers of the send-at-once path; rows are claimed with SKIP LOCKED, so servers share the work.
  every(MINUTE, 'deliver-outbox', async () => {
    const delivered = await deliverDueEmails();
    if (delivered.sent + delivered.retried + delivered.undeliverable > 0) log.info('outbox e-mails delivered', delivered);
  });
  // Webhooks queued by the audit trail's trigger; rows are claimed with SKIP LOCKED, so servers share the work.
  every(serverEnv().WEBHOOK_DELIVERY_INTERVAL_MS, 'deliver-webhooks', async () => {
    const delivered = await deliverDueWebhooks();
    if (delivered.delivered + delivered.retried + delivered.failed > 0) log.info('webhooks delivered', delivered);
  });
  every(60 * MINUTE, 'purge-webhook-deliveries', purgeWebhookDeliveries);
  // Partitions two days ahead, so ingest never meets a missing day; expired days dropped whole.
  every(60 * MINUTE, 'log-partitions', async () => {
    const retentionDays = serverEnv().LOG_RETENTION_DAYS;
    await ensureLogPartitions(pgPool(), { retentionDays });
    const dropped = await dropExpiredLogPartitions(pgPool(), { retentionDays });
    if (dropped) log.info('expired log partitions dropped', { dropped, retentionDays });
  });
  // Search indexes of the days that closed (and of any whose build was cut off), one at a time, paused between builds.
  every(15 * MINUTE, 'search-indexes', async () => {
    await buildSearchIndexes(serverEnv().DATABASE_URL, {
      coverageCacheOf: pgPool(),
      onBuilt: (build) => log.info('search index built', build),
    });
  });
  every(60 * MINUTE, 'purge-ingest-bookkeeping', async () => Promise.all([purgeIdempotencyKeys(), purgeIngestRateWindows()]));
  every(60 * MINUTE, 'purge-sign-in-bookkeeping', async () => Promise.all([purgeExpiredSessions(), purgeSignInThrottle()]));
  // The live tail's journal is read within seconds; ten minutes of it is kept.
  every(MINUTE, 'purge-log-line-writes', purgeLogWrites);
}
