import { beforeAll, describe, expect, it } from 'vitest';
import { dropExpiredLogPartitions, ensureLogPartitions, isLockTimeout } from '@/lib/db/log-partitions';
import { pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import type { LogLineInput } from '@/lib/logs/write-log-lines';
import { commitLogLines } from '@/lib/test-support/log-lines';
import { installationId } from '@/lib/test-support/demo-lookups';

// Retention: whole daily partitions older than the retention go, with their
// hourly statistics; the days inside it and the days ahead stay.

const DAY = 86_400_000;
const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10).replaceAll('-', '');

async function partitionDays(): Promise<string[]> {
  const { rows } = await pgPool().query<{ relname: string }>(
    `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'public.log_lines'::regclass ORDER BY 1`,
  );
  return rows.map((r) => r.relname.slice('log_lines_'.length));
}

describe('log retention', () => {
  let installation: string;
  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 50, reset: true });
    installation = await installationId('Timesheet Pro', 'acme.atlassian.net');
  });

  it('creates partitions ahead and drops those past retention, keeping the rest', async () => {
    const now = Date.now();
    await ensureLogPartitions(pgPool(), { retentionDays: 45 });
    const days = await partitionDays();
    expect(days).toContain(utcDay(now - 45 * DAY));
    expect(days).toContain(utcDay(now + 2 * DAY));

    const line = (ts: number, message: string): LogLineInput => ({
      installationId: installation, ts: new Date(ts), level: 'INFO', message, invocationId: null, traceId: null, module: null, function: null, appVersion: null, attributesJson: null,
    });
    await commitLogLines([line(now - 40 * DAY, 'retention old'), line(now - 29 * DAY, 'retention kept'), line(now - DAY, 'retention recent')]);

    const dropped = await dropExpiredLogPartitions(pgPool(), { retentionDays: 30 });
    expect(dropped).toBeGreaterThanOrEqual(14);
    const after = await partitionDays();
    const firstKept = utcDay(now - 30 * DAY);
    expect(after.every((d) => d >= firstKept)).toBe(true);
    expect(after).toContain(firstKept);
    expect(after).toContain(utcDay(now + 2 * DAY));
    const { rows } = await pgPool().query<{ message: string }>(`SELECT message FROM log_lines WHERE message LIKE 'retention%' ORDER BY ts`);
    expect(rows.map((r) => r.message)).toEqual(['retention kept', 'retention recent']);
    const stats = await pgPool().query<{ n: string }>(`SELECT count(*) AS n FROM log_hourly_stats WHERE hour < $1`, [new Date(now - 31 * DAY)]);
    expect(stats.rows[0]!.n).toBe('0');
    // Running again finds nothing more to drop.
    expect(await dropExpiredLogPartitions(pgPool(), { retentionDays: 30 })).toBe(0);
  });

  it('gives up within about a second when a long reader holds log_lines, instead of queueing and blocking everyone behind it', async () => {
    const future = new Date(Date.now() + 20 * DAY);
    // Days that have no partition yet (an earlier run on this database may have made them).
    for (let d = -1; d <= 2; d++) await pgPool().query(`DROP TABLE IF EXISTS log_lines_${utcDay(future.getTime() + d * DAY)}`);
    const reader = await pgPool().connect();
    try {
      // A download's transaction: it holds ACCESS SHARE on log_lines until it ends.
      await reader.query('BEGIN');
      await reader.query('SELECT 1 FROM log_lines LIMIT 1');
      const creating = ensureLogPartitions(pgPool(), { retentionDays: 1, now: future });
      // Meanwhile another reader is not held up by the waiting DDL for longer than its lock_timeout.
      const other = pgPool().query('SELECT count(*) FROM log_lines');
      const error = await creating.catch((e: unknown) => e);
      expect(isLockTimeout(error)).toBe(true);
      // Still inside the reader's transaction: without the lock timeout the DDL would wait for it, and this reader behind the DDL.
      await other;
      const dropping = await dropExpiredLogPartitions(pgPool(), { retentionDays: 1 }).catch((e: unknown) => e);
      expect(isLockTimeout(dropping)).toBe(true);
      await reader.query('COMMIT');
      // Once the reader is done, the next run succeeds.
      expect(await ensureLogPartitions(pgPool(), { retentionDays: 1, now: future })).toBeGreaterThan(0);
    } finally {
      reader.release();
    }
  });
});
