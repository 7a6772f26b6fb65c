import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ensureLogPartitions } from '@/lib/db/log-partitions';
import { pgPool } from '@/lib/db/prisma';

// Scale-out stays possible (README, "Scaling out"): the log tables would be
// distributed by installation_id on Citus, which enforces a unique index or
// primary key only when it includes the distribution column. This reads the
// migrated schema's catalog and fails when one of them stops including it.

/**
 * The tables that hold an installation's logs, distributed by installation_id
 * on Citus: the lines (and every daily partition), their hourly statistics,
 * and the live tail's journal, each written per installation in ingest's
 * transaction. Everything else is the catalog (reference tables) or
 * bookkeeping of tokens and sessions (coordinator tables).
 */
const LOG_TABLES = ['log_lines', 'log_hourly_stats', 'log_line_writes'];
/** Tables named log_* that are no log table: grants are catalog, small and joined to everything. */
const NOT_LOG_TABLES = ['log_access_grants'];

type UniqueIndex = { table: string; index: string; columns: string[] };

/** Every unique index and primary key of the log tables and their partitions that leaves out installation_id. */
async function keysWithoutInstallation(db: Pick<pg.PoolClient, 'query'>): Promise<UniqueIndex[]> {
  const { rows } = await db.query<UniqueIndex>(
    `WITH log_tables AS (
       SELECT c.oid, c.relname FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1::text[])
       UNION
       SELECT p.oid, p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid
        WHERE i.inhparent IN (SELECT c.oid FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1::text[]))
     )
     SELECT t.relname AS "table", ix.relname AS index,
            ARRAY(SELECT a.attname::text FROM unnest(x.indkey) k JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k) AS columns
       FROM log_tables t
       JOIN pg_index x ON x.indrelid = t.oid AND (x.indisunique OR x.indisprimary)
       JOIN pg_class ix ON ix.oid = x.indexrelid
      ORDER BY 1, 2`,
    [LOG_TABLES],
  );
  return rows.filter((r) => !r.columns.includes('installation_id'));
}

describe('the schema stays distributable by installation (Citus)', () => {
  it('has every log table, and each has installation_id', async () => {
    const { rows } = await pgPool().query<{ table: string }>(
      `SELECT c.relname AS "table" FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'installation_id' AND NOT a.attisdropped
        WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1::text[]) AND c.relkind IN ('r', 'p')`,
      [LOG_TABLES],
    );
    expect(rows.map((r) => r.table).sort()).toEqual([...LOG_TABLES].sort());
  });

  it('lists every table named log_*: a new log table must be decided on here', async () => {
    const { rows } = await pgPool().query<{ table: string }>(
      `SELECT c.relname AS "table" FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND c.relname LIKE 'log\\_%' AND NOT c.relispartition`,
    );
    expect(rows.map((r) => r.table).sort()).toEqual([...LOG_TABLES, ...NOT_LOG_TABLES].sort());
  });

  it('has no unique index or primary key on a log table or partition without installation_id', async () => {
    await ensureLogPartitions(pgPool(), { retentionDays: 2 });
    expect(await keysWithoutInstallation(pgPool())).toEqual([]);
  });

  it('would notice one (the check itself, on a unique index added and rolled back)', async () => {
    const client = await pgPool().connect();
    try {
      await client.query('BEGIN');
      await client.query('CREATE UNIQUE INDEX citus_probe ON log_line_writes (id)');
      expect(await keysWithoutInstallation(client)).toEqual([{ table: 'log_line_writes', index: 'citus_probe', columns: ['id'] }]);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
