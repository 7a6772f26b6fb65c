import { beforeAll, describe, expect, it } from 'vitest';
import { pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { PII_STAT_COLUMNS } from '@/lib/logs/hourly-stats-sql';
import { rebuildHourlyStats } from '@/lib/logs/rebuild-hourly-stats';
import type { LogLineInput } from '@/lib/logs/write-log-lines';
import { commitLogLines } from '@/lib/test-support/log-lines';
import { PII_KINDS } from '@/lib/pii/detect-pii';
import { installationId as installationIdOf } from '@/lib/test-support/demo-lookups';

// The statistics format is generated from PII_KINDS; the table is made by
// migrations. These tests fail when the two part ways (a kind added to
// PII_KINDS without its column), and check that a rebuild from the lines
// gives what the writer added up line by line.

const HOUR = 3_600_000;

async function statsOf(installationId: string) {
  const { rows } = await pgPool().query<Record<string, unknown>>(
    `SELECT hour, level, lines, bytes::text, ${PII_STAT_COLUMNS.join(', ')} FROM log_hourly_stats WHERE installation_id = $1 ORDER BY hour, level`,
    [installationId],
  );
  return rows;
}

describe('the hourly statistics format', () => {
  it('has one pii_<kind> count column in the migrated database for every PII kind, and none other', async () => {
    const { rows } = await pgPool().query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'log_hourly_stats' AND column_name LIKE 'pii\\_%' ORDER BY column_name`,
    );
    expect(rows.map((r) => r.column_name)).toEqual([...PII_STAT_COLUMNS].sort());
    expect(PII_STAT_COLUMNS).toHaveLength(PII_KINDS.length);
    expect(new Set(rows.map((r) => r.data_type))).toEqual(new Set(['integer']));
  });

  describe('rebuildHourlyStats', () => {
    let installationId: string;
    let hour: number;
    beforeAll(async () => {
      await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 2000, reset: true });
      installationId = await installationIdOf('Timesheet Pro', 'acme.atlassian.net');
      // An hour of the seeded days (their partitions exist), with a line holding each kind of personal data.
      hour = Math.floor((Date.now() - 2 * HOUR) / HOUR) * HOUR;
      const line = (minute: number, message: string): LogLineInput => ({
        installationId, ts: new Date(hour + minute * 60_000), level: 'INFO', message,
        invocationId: 'inv-ü', traceId: null, module: 'mod', function: null, appVersion: '1.0', attributesJson: null,
      });
      await commitLogLines([
        line(1, 'mail to ann@customer.example from 10.1.2.3'),
        line(2, 'Authorization: Bearer abcdefgh12345678'),
        line(3, 'paid with 4111 1111 1111 1111, call +1-202-555-0143'),
        line(4, 'nothing personal — but not ASCII'),
      ]);
    });

    it('gives back what the writer added up, and drops hours that have no lines', async () => {
      const written = await statsOf(installationId);
      const counted = written.find((r) => (r.hour as Date).getTime() === hour && r.level === 'INFO')!;
      for (const column of PII_STAT_COLUMNS) expect(counted[column], column).toBeGreaterThan(0);

      // Spoil the statistics: wrong counts, and a row for an hour that has no lines (the future).
      const empty = new Date(hour + 4 * HOUR);
      await pgPool().query(`UPDATE log_hourly_stats SET lines = lines + 7, bytes = 0, ${PII_STAT_COLUMNS.map((c) => `${c} = 99`).join(', ')} WHERE installation_id = $1`, [installationId]);
      await pgPool().query(`INSERT INTO log_hourly_stats (installation_id, hour, level, lines, bytes) VALUES ($1, $2, 'INFO', 5, 50)`, [installationId, empty]);

      const from = written[0]!.hour as Date;
      await rebuildHourlyStats(pgPool(), { installationIds: [installationId], from, to: new Date(empty.getTime() + HOUR) });
      expect(await statsOf(installationId)).toEqual(written);
    });
  });
});
