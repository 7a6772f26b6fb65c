import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeGrantWhere, grantIsActive, grantIsActiveSql, lapsedGrantWhere, OPEN_GRANT_WHERE } from '@/lib/auth/permissions';
import { share } from '@/lib/test-support/tail';
import { db, pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { installationId } from '@/lib/test-support/demo-lookups';

// "The grant is active" is written once and read three ways: in TypeScript,
// as an SQL fragment and as a Prisma filter. They must agree on every case,
// the end date's very instant included.

const now = new Date('2026-11-25T12:00:00.000Z');
const before = new Date(now.getTime() - 1);
const after = new Date(now.getTime() + 1);

const cases: { name: string; disabledAt: Date | null; expiresAt: Date | null; active: boolean }[] = [
  { name: 'open, no end date', disabledAt: null, expiresAt: null, active: true },
  { name: 'open, ends later', disabledAt: null, expiresAt: after, active: true },
  { name: 'open, ends at this instant', disabledAt: null, expiresAt: now, active: false },
  { name: 'open, ended before', disabledAt: null, expiresAt: before, active: false },
  { name: 'disabled, no end date', disabledAt: before, expiresAt: null, active: false },
  { name: 'disabled, ends later', disabledAt: before, expiresAt: after, active: false },
];

describe('grantIsActive', () => {
  let installation: string;
  let grantId: string;

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 100, reset: true });
    installation = await installationId('Timesheet Pro', 'acme.atlassian.net');
    await share(installation);
    grantId = (await db().logAccessGrant.findFirstOrThrow({ where: { installationId: installation, ...OPEN_GRANT_WHERE } })).id;
  });
  afterAll(async () => {
    await db().logAccessGrant.update({ where: { id: grantId }, data: { disabledAt: null, expiresAt: null } });
  });

  for (const c of cases) {
    it(`${c.name}: ${c.active ? 'active' : 'not active'} in TypeScript, SQL and Prisma alike`, async () => {
      await db().logAccessGrant.update({ where: { id: grantId }, data: { disabledAt: c.disabledAt, expiresAt: c.expiresAt } });
      const { rows } = await pgPool().query<{ active: boolean }>(`SELECT (${grantIsActiveSql('g', '$2')}) AS active FROM log_access_grants g WHERE g.id = $1`, [grantId, now]);
      const byPrisma = await db().logAccessGrant.count({ where: { id: grantId, ...activeGrantWhere(now) } });
      const lapsed = await db().logAccessGrant.count({ where: { id: grantId, ...lapsedGrantWhere(now) } });
      expect(grantIsActive(c, now)).toBe(c.active);
      expect(rows[0]!.active).toBe(c.active);
      expect(byPrisma).toBe(c.active ? 1 : 0);
      // An open grant that is not active has lapsed (settleExpiredGrants closes it); a disabled one never has.
      expect(lapsed).toBe(c.disabledAt === null && !c.active ? 1 : 0);
    });
  }
});
