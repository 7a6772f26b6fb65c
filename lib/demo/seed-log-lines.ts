import type pg from 'pg';
import { DAY, WINDOW_DAYS } from '@/lib/demo/demo-window';
import { generateChunks } from '@/lib/demo/generate-log-lines';
import type { SeededInstallation } from '@/lib/demo/seed-catalog';
import { writeLogLines } from '@/lib/logs/write-log-lines';

// Writes the generated lines in one transaction, through the one writer of
// log lines (so the hourly statistics and personal-data marks are there too).

export async function seedLogLines(pool: pg.Pool, installations: SeededInstallation[], now: number, total: number): Promise<number> {
  const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10);
  // Partitions in their own statement: creating them locks the parent table,
  // which must not stay locked for the whole insert.
  await pool.query('SELECT logshare_ensure_log_partitions($1::date, $2::date)', [
    utcDay(now - (WINDOW_DAYS + 1) * DAY),
    utcDay(now + 2 * DAY),
  ]);
  if (total <= 0) return 0;

  const client = await pool.connect();
  let inserted = 0;
  // Generate the next chunk while the previous one is being written.
  let pending: Promise<unknown> | undefined;
  try {
    await client.query('BEGIN');
    for (const chunk of generateChunks(installations, now, total)) {
      await pending;
      pending = writeLogLines(client, chunk);
      inserted += chunk.length;
    }
    await pending;
    await client.query('COMMIT');
    return inserted;
  } catch (error) {
    await pending?.catch(() => undefined);
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
