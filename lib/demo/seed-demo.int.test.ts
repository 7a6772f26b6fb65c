import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '@/lib/auth/password';
import { createPool, createPrisma, type Db } from '@/lib/db/client';
import { DEMO_PASSWORD, DEMO_USERS } from '@/lib/demo/identities';
import { seedDemo } from '@/lib/demo/seed-demo';

// Seeds the run's database from scratch (reset: true empties every table,
// so this file sets up nothing other files could rely on).

const databaseUrl = process.env.TEST_DATABASE_URL ?? '';
const DAY = 86_400_000;

let pool: pg.Pool;
let prisma: Db;
let before: number;
let after: number;
let firstRun: Awaited<ReturnType<typeof seedDemo>>;

async function counts() {
  const { rows } = await pool.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM organizations) AS orgs,
            (SELECT count(*) FROM apps) AS apps, (SELECT count(*) FROM installations) AS installations,
            (SELECT count(*) FROM log_lines) AS log_lines`,
  );
  return rows[0];
}

beforeAll(async () => {
  before = Date.now();
  firstRun = await seedDemo({ databaseUrl, totalLogLines: 5000, reset: true });
  after = Date.now();
  pool = createPool(databaseUrl, 2);
  prisma = createPrisma(pool);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await pool?.end();
});

describe('seedDemo', () => {
  it('reports what it seeded', () => {
    expect(firstRun).toEqual({ seeded: true, logLines: 5000 });
  });

  it('creates the demo users with a real password hash', async () => {
    const users = await prisma.user.findMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) } } });
    expect(users.map((u) => u.email).sort()).toEqual(DEMO_USERS.map((u) => u.email).sort());
    for (const user of users) {
      expect(user.passwordHash).toBeTruthy();
      expect(user.passwordHash).not.toBe(DEMO_PASSWORD);
    }
    expect(await verifyPassword(DEMO_PASSWORD, users[0]?.passwordHash ?? '')).toBe(true);
  });

  it('gives each demo user the roles DESIGN lists', async () => {
    const memberships = await prisma.membership.findMany({ include: { user: true, organization: true, site: true } });
    const roleOf = (email: string) =>
      memberships.filter((m) => m.user.email === email).map((m) => [m.role, m.organization.slug, m.site?.url ?? null]);
    expect(roleOf('admin@acme.example')).toEqual([['ORG_ADMIN', 'acme', null]]);
    expect(roleOf('siteadmin@acme.example')).toEqual([['SITE_ADMIN', 'acme', 'acme-eu.atlassian.net']]);
    expect(roleOf('admin@initech.example')).toEqual([['ORG_ADMIN', 'initech', null]]);
    expect(roleOf('owner@lumen.example')).toEqual([['ORG_ADMIN', 'lumen-internal', null]]);

    const members = await prisma.vendorMember.findMany({ include: { user: true, vendor: true } });
    const vendorRoles = members.map((m) => `${m.user.email} ${m.role} ${m.vendor.slug}`).sort();
    expect(vendorRoles).toEqual(['dev@globex.example DEVELOPER globex', 'dev@lumen.example DEVELOPER lumen', 'owner@lumen.example OWNER lumen']);
  });

  it('installs the apps DESIGN lists, among a realistic catalog', async () => {
    const installed = async (app: string, site: string) =>
      prisma.installation.findMany({ where: { app: { name: app }, site: { url: site } }, select: { product: true, environment: true } });
    expect(await installed('Timesheet Pro', 'acme.atlassian.net')).toEqual([{ product: 'JIRA', environment: 'PRODUCTION' }]);
    expect(await installed('Timesheet Pro', 'acme-eu.atlassian.net')).toHaveLength(1);
    expect(await installed('Quick Notes', 'acme.atlassian.net')).toHaveLength(1);
    expect(await installed('Release Radar', 'acme.atlassian.net')).toHaveLength(1);
    expect(await installed('Release Radar', 'initech.atlassian.net')).toHaveLength(1);

    for (const url of ['acme.atlassian.net', 'acme-eu.atlassian.net']) {
      expect(await prisma.installation.count({ where: { site: { url } } })).toBeGreaterThanOrEqual(6);
    }
    expect(await prisma.app.count()).toBeGreaterThanOrEqual(12);
    expect(await prisma.vendor.count()).toBeGreaterThanOrEqual(4);
    const lumen = await prisma.vendor.findUniqueOrThrow({ where: { slug: 'lumen' }, include: { apps: true } });
    expect(lumen.apps.map((a) => [a.name, a.isPaid]).sort()).toEqual([
      ['Quick Notes', false],
      ['Timesheet Pro', true],
    ]);
  });

  it('starts with log access shared nowhere', async () => {
    expect(await prisma.logAccessGrant.count()).toBe(0);
  });

  it('writes the requested number of log lines within the last 30 days', async () => {
    const { rows } = await pool.query<{ n: string; min: Date; max: Date; levels: string; installations: string }>(
      `SELECT count(*) AS n, min(ts) AS min, max(ts) AS max, count(DISTINCT level) AS levels,
              count(DISTINCT installation_id) AS installations FROM log_lines`,
    );
    const row = rows[0];
    expect(Number(row?.n)).toBe(5000);
    expect(row?.min.getTime()).toBeGreaterThanOrEqual(before - 30 * DAY);
    expect(row?.max.getTime()).toBeLessThan(after);
    expect(Number(row?.levels)).toBeGreaterThan(1);
    expect(Number(row?.installations)).toBe(await prisma.installation.count());
  });

  it('groups lines into invocations that share an id and a trace', async () => {
    const { rows } = await pool.query<{ shared: string; mixed: string }>(
      `SELECT count(*) FILTER (WHERE n > 1) AS shared, count(*) FILTER (WHERE traces > 1) AS mixed
         FROM (SELECT invocation_id, count(*) AS n, count(DISTINCT trace_id) AS traces
                 FROM log_lines GROUP BY invocation_id) i`,
    );
    expect(Number(rows[0]?.shared)).toBeGreaterThan(0);
    expect(Number(rows[0]?.mixed)).toBe(0);
  });

  it('leaves a seeded database alone without reset', async () => {
    const was = await counts();
    expect(await seedDemo({ databaseUrl, totalLogLines: 5000 })).toEqual({ seeded: false, logLines: 0 });
    expect(await counts()).toEqual(was);
  });
});
