import { beforeAll, describe, expect, it } from 'vitest';
import { db, pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { findLogSlice, type LogSliceOptions } from '@/lib/logs/find-log-slice';
import type { ApiLogLevel } from '@/lib/validations/logs';

const DAY = 86_400_000;

// The viewer's pages against the plain answer of the database: every line of
// the window that passes the filters, newest first. With a level filter each
// installation and level is a walk of its own (errors and warnings have their
// own partial index); the merge must come out the same.

type Line = { id: string; installationId: string };

async function allPages(options: Omit<LogSliceOptions, 'cursor'>): Promise<Line[]> {
  const lines: Line[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const slice = await findLogSlice({ ...options, cursor });
    lines.push(...slice.lines.map((l) => ({ id: l.id, installationId: l.installationId })));
    if (!slice.nextCursor) return lines;
    cursor = slice.nextCursor;
  }
  throw new Error('no last page after 1000 pages');
}

async function expected(installationIds: string[], from: Date, to: Date, levels?: ApiLogLevel[]): Promise<Line[]> {
  const { rows } = await pgPool().query<{ id: string; installation_id: string }>(
    `SELECT id::text, installation_id FROM log_lines
      WHERE installation_id = ANY($1::text[]) AND ts >= $2 AND ts < $3 AND ($4::"LogLevel"[] IS NULL OR level = ANY($4::"LogLevel"[]))
      ORDER BY ts DESC, id DESC`,
    [installationIds, from, to, levels?.map((l) => l.toUpperCase()) ?? null],
  );
  return rows.map((r) => ({ id: r.id, installationId: r.installation_id }));
}

describe('findLogSlice', () => {
  let installationIds: string[];
  const to = new Date();
  const from = new Date(to.getTime() - 30 * DAY);

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 20_000, reset: true });
    const installations = await db().installation.findMany({ where: { app: { name: 'Timesheet Pro' } }, orderBy: { id: 'asc' } });
    installationIds = installations.map((i) => i.id);
    // Two lines at the very same instant, so the merge must order by id too.
    const ts = new Date(to.getTime() - 3_600_000);
    await pgPool().query(
      `INSERT INTO log_lines (installation_id, ts, level, message) VALUES ($1, $3, 'ERROR', 'twin one'), ($2, $3, 'ERROR', 'twin two')`,
      [installationIds[0], installationIds[1], ts],
    );
  });

  it.each([
    ['no level filter', undefined],
    ['errors only (the partial index)', ['error'] as ApiLogLevel[]],
    ['errors and warnings (the partial index, two walks each)', ['error', 'warn'] as ApiLogLevel[]],
    ['errors and info (no index for info: the primary key walk)', ['error', 'info'] as ApiLogLevel[]],
  ])('pages through every matching line exactly once, newest first: %s', async (_name, levels) => {
    const truth = await expected(installationIds, from, to, levels);
    expect(truth.length).toBeGreaterThan(40);
    const pages = await allPages({ installationIds, from, to, limit: 17, levels });
    expect(pages).toEqual(truth);
  });

  it('serves each line with its level, a UTC timestamp and no personal data where the writer found none', async () => {
    const slice = await findLogSlice({ installationIds, from, to, limit: 40, levels: ['error'] });
    expect(slice.lines.length).toBe(40);
    for (const line of slice.lines) {
      expect(line.level).toBe('error');
      expect(line.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    expect(slice.lines.find((l) => l.message === 'twin one')?.personalData).toEqual([]);
  });
});
