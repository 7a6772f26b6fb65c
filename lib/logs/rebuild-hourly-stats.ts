import type pg from 'pg';
import { countPiiKindsSql, lineBytesSql, PII_STAT_COLUMNS } from '@/lib/logs/hourly-stats-sql';

// Rebuilds the hourly statistics of some installations, for every whole UTC
// hour that touches [from, to), from the lines themselves (after a bulk load,
// or to repair them). One statement, so it is atomic without a transaction:
// hours the lines fill are overwritten, hours they no longer fill deleted.
// It replaces the SQL function logshare_rebuild_hourly_stats, whose copy of
// the bit layout and byte formula could not follow PII_KINDS.
// No 'server-only' import: the bench runs it from a tsx script.

const STAT_COLUMNS = ['lines', 'bytes', ...PII_STAT_COLUMNS];

const REBUILD_SQL = `
  WITH bounds AS (
    SELECT date_trunc('hour', $2::timestamptz, 'UTC') AS first_hour,
           date_trunc('hour', $3::timestamptz - interval '1 microsecond', 'UTC') + interval '1 hour' AS end_hour),
  truth AS (
    SELECT l.installation_id, date_trunc('hour', l.ts, 'UTC') AS hour, l.level, count(*) AS lines,
           sum(${lineBytesSql('l')}) AS bytes, ${countPiiKindsSql('l')}
      FROM log_lines l, bounds b
     WHERE l.installation_id = ANY ($1::text[]) AND l.ts >= b.first_hour AND l.ts < b.end_hour
     GROUP BY 1, 2, 3),
  emptied AS (
    DELETE FROM log_hourly_stats s USING bounds b
     WHERE s.installation_id = ANY ($1::text[]) AND s.hour >= b.first_hour AND s.hour < b.end_hour
       AND NOT EXISTS (SELECT FROM truth t WHERE t.installation_id = s.installation_id AND t.hour = s.hour AND t.level = s.level))
  INSERT INTO log_hourly_stats AS s (installation_id, hour, level, ${STAT_COLUMNS.join(', ')})
  SELECT installation_id, hour, level, ${STAT_COLUMNS.join(', ')} FROM truth
  ON CONFLICT (installation_id, hour, level) DO UPDATE SET ${STAT_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`;

export async function rebuildHourlyStats(
  client: pg.Pool | pg.ClientBase,
  options: { installationIds: string[]; from: Date; to: Date },
): Promise<void> {
  await client.query(REBUILD_SQL, [options.installationIds, options.from, options.to]);
}
