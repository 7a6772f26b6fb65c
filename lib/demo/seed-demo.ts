import type pg from 'pg';
import { hashPassword } from '@/lib/auth/password';
import { createPool, createPrisma } from '@/lib/db/client';
import { DEMO_PASSWORD } from '@/lib/demo/identities';
import { seedCatalog, undoCatalog } from '@/lib/demo/seed-catalog';
import { seedLogLines } from '@/lib/demo/seed-log-lines';

// Seeds the demo of DESIGN.md section 4: customers, vendors, apps,
// installations (catalog*.ts, seed-catalog.ts) and 30 days of log lines
// (generate-log-lines.ts, seed-log-lines.ts). No 'server-only' import: this
// runs from tsx scripts and Vitest as well as from the server's start-up.

export type SeedDemoOptions = { databaseUrl: string; totalLogLines?: number; now?: Date; reset?: boolean };
export type SeedDemoResult = { seeded: boolean; logLines: number };

export async function seedDemo(options: SeedDemoOptions): Promise<SeedDemoResult> {
  const pool = createPool(options.databaseUrl, 4);
  const prisma = createPrisma(pool);
  try {
    if (options.reset) {
      await truncateAll(pool);
    } else if (await prisma.organization.findUnique({ where: { slug: 'acme' }, select: { id: true } })) {
      return { seeded: false, logLines: 0 };
    }
    const now = options.now ?? new Date();
    // scrypt is slow on purpose: hash once, every demo user shares it.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const installations = await seedCatalog(prisma, passwordHash, now);
    try {
      const logLines = await seedLogLines(pool, installations, now.getTime(), options.totalLogLines ?? 200_000);
      return { seeded: true, logLines };
    } catch (error) {
      // The catalog committed on its own; take it back so a retry starts clean
      // (cascades remove sites, apps, installations and memberships).
      await undoCatalog(prisma).catch(() => undefined);
      throw error;
    }
  } finally {
    await prisma.$disconnect();
    await pool.end();
  }
}

async function truncateAll(pool: pg.Pool) {
  // Every application table, found from the catalog so new tables are not
  // forgotten; partitions go with their parent. TRUNCATE skips the audit
  // trigger (it fires on UPDATE/DELETE only).
  const { rows } = await pool.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.relname <> '_prisma_migrations'`,
  );
  if (rows.length) await pool.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
}
