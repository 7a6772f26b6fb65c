import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import { ensureLogPartitions } from '@/lib/db/log-partitions';
import { serverEnv } from '@/lib/env';
import { settleAllExpiredGrants } from '@/lib/log-access/settle-expired-grants';
import { log } from '@/lib/log';

// Periodic upkeep in every server process. Each job is idempotent and safe to
// run on several servers at once (row locks, IF NOT EXISTS), so no leader is needed.

const MINUTE = 60_000;

function every(ms: number, name: string, job: () => Promise<unknown>) {
  const run = () =>
    job().catch((error: unknown) => {
      log.error('maintenance job failed', { job: name, error });
    });
  void run();
  setInterval(run, ms).unref();
}

export function startMaintenance() {
  every(MINUTE, 'settle-expired-grants', async () => {
    const settled = await settleAllExpiredGrants();
    if (settled) log.info('expired log access grants settled', { settled });
  });
  every(60 * MINUTE, 'ensure-log-partitions', async () => ensureLogPartitions(pgPool(), { retentionDays: serverEnv().LOG_RETENTION_DAYS }));
}
