import 'server-only';
import type pg from 'pg';
import { AppError } from '@/lib/errors';

// Load shedding: a batch that arrives while more requests wait for a pooled
// connection than the pool has connections would wait seconds for each of
// its steps and likely fail after the pool's timeout anyway. It is refused at
// once, before any work, so the batches already in progress finish and the
// sender retries a moment later.

const RETRY_AFTER_SECONDS = 1;

export function refuseIngestWhenDatabaseBusy(pool: pg.Pool): void {
  if (pool.waitingCount < pool.options.max) return;
  throw new AppError('unavailable', 'The portal is busy storing other batches; retry shortly.', { 'retry-after': String(RETRY_AFTER_SECONDS) });
}
