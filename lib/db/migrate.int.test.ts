import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, migrationsDir, readMigrations } from '@/lib/db/migrate';
import { diffDatabaseToSchema } from '@/lib/db/schema-engine';
import { scratchDatabase } from '@/lib/test-support/scratch-database';

const schemaPath = path.join(process.cwd(), 'prisma', 'schema.prisma');

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('the migrations', () => {
  let db: Awaited<ReturnType<typeof scratchDatabase>>;
  beforeAll(async () => {
    db = await scratchDatabase('drift');
    await migrate(db.url);
  });
  afterAll(() => db.drop());

  it('build exactly the schema that schema.prisma describes (no drift)', async () => {
    expect(await diffDatabaseToSchema(schemaPath, db.url)).toContain('This is an empty migration.');
  });

  it('are recorded in _prisma_migrations the way Prisma records them', async () => {
    const files = await readMigrations();
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      db.url,
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, row] of rows.entries()) {
      const sql = await readFile(path.join(migrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(files[i]?.checksum).toBe(row.checksum);
    }
    expect((await migrate(db.url)).applied).toEqual([]);
  });

  it('partition log_lines by UTC day and keep the audit trail append-only', async () => {
    await query(db.url, `SELECT logshare_ensure_log_partitions('2026-11-24', '2026-11-25')`);
    const parts = await query<{ name: string; bound: string }>(
      db.url,
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'log_lines'::regclass ORDER BY 1`,
    );
    expect(parts.map((p) => p.name)).toEqual(['log_lines_20261124', 'log_lines_20261125']);
    await query(db.url, `SET TIME ZONE 'UTC'`);
    expect(parts[0]?.bound).toMatch(/2026-11-24 00:00:00\+00.*2026-11-25 00:00:00\+00/);
    expect(await query(db.url, `SELECT logshare_ensure_log_partitions('2026-11-24', '2026-11-25')`)).toEqual([
      { logshare_ensure_log_partitions: 0 },
    ]);
    expect(await query(db.url, `SELECT logshare_drop_log_partitions_before('2026-11-25')`)).toEqual([
      { logshare_drop_log_partitions_before: 1 },
    ]);

    await query(db.url, `INSERT INTO audit_events (action, actor_label) VALUES ('LOG_ACCESS_ENABLED', 'test')`);
    await expect(query(db.url, `UPDATE audit_events SET actor_label = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(query(db.url, `DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
  });

  it('the drift check reads constraints from the catalog on every PostgreSQL version', async () => {
    // PostgreSQL 18 lists NOT NULL constraints in pg_constraint; a CHECK
    // constraint puts such catalog rows in front of PostgreSQL 15 as well.
    // Prisma does not model CHECK constraints, so the diff stays empty.
    await query(db.url, 'ALTER TABLE audit_events ADD CONSTRAINT audit_events_actor_label_check CHECK (actor_label <> \'\')');
    expect(await diffDatabaseToSchema(schemaPath, db.url)).toContain('This is an empty migration.');
  });

  it('the drift check notices a database that differs from the schema', async () => {
    await query(db.url, 'DROP INDEX "log_lines_installation_id_trace_id_idx"');
    expect(await diffDatabaseToSchema(schemaPath, db.url)).toContain('log_lines_installation_id_trace_id_idx');
  });
});

describe('the migration runner', () => {
  let db: Awaited<ReturnType<typeof scratchDatabase>>;
  let dir: string;
  beforeAll(async () => {
    db = await scratchDatabase('runner');
    dir = await mkdtemp(path.join(os.tmpdir(), 'logshare-migrations-'));
  });
  afterAll(() => db.drop());

  async function write(name: string, sql: string) {
    await mkdir(path.join(dir, name), { recursive: true });
    await writeFile(path.join(dir, name, 'migration.sql'), sql);
  }

  it('records a failed migration, leaves nothing half-applied, and retries it once fixed', async () => {
    await write('001_ok', 'CREATE TABLE a (id int);');
    await write('002_broken', 'CREATE TABLE b (id int); SELECT no_such_function();');
    await expect(migrate(db.url, dir)).rejects.toThrow(/002_broken failed/);
    const failed = await query<{ logs: string | null; finished_at: Date | null }>(
      db.url,
      `SELECT logs, finished_at FROM _prisma_migrations WHERE migration_name = '002_broken'`,
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]?.finished_at).toBeNull();
    expect(failed[0]?.logs).toMatch(/no_such_function/);
    expect(await query(db.url, `SELECT to_regclass('b') AS t`)).toEqual([{ t: null }]);

    await write('002_broken', 'CREATE TABLE b (id int);');
    expect((await migrate(db.url, dir)).applied).toEqual(['002_broken']);
  });

  it('refuses a migration that was edited after it was applied', async () => {
    await write('001_ok', 'CREATE TABLE a (id bigint);');
    await expect(migrate(db.url, dir)).rejects.toThrow(/001_ok was changed after it was applied/);
  });
});
