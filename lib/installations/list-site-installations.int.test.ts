import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { createInstallation } from '@/lib/installations/create-installation';
import { listSiteInstallations } from '@/lib/installations/list-site-installations';
import { meta, person } from '@/lib/test-support/identities';

describe('who installed each app (Connected apps’ "Installed by")', () => {
  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 100, reset: true });
  });

  it('names the demo’s installer, and the admin who records a new install', async () => {
    const site = await db().site.findUniqueOrThrow({ where: { url: 'initech.atlassian.net' } });
    const before = await listSiteInstallations({ siteId: site.id });
    expect(before.length).toBeGreaterThan(0);
    expect(new Set(before.map((i) => i.installedBy))).toEqual(new Set(['Ivy Ingram']));

    const admin = await person('admin@initech.example');
    const app = await db().app.findFirstOrThrow({ where: { installations: { none: { siteId: site.id } } } });
    const installed = await createInstallation({ appId: app.id, siteId: site.id, product: 'CONFLUENCE', environment: 'STAGING', appVersion: '2.0.0', actor: admin, meta });
    const after = await listSiteInstallations({ siteId: site.id });
    expect(after.find((i) => i.id === installed.id)?.installedBy).toBe(admin.name);
  });

  it('says nothing of an installer it does not know', async () => {
    const site = await db().site.findUniqueOrThrow({ where: { url: 'acme-eu.atlassian.net' } });
    const [first] = await listSiteInstallations({ siteId: site.id });
    await db().installation.update({ where: { id: first!.id }, data: { installedById: null } });
    const listed = await listSiteInstallations({ siteId: site.id });
    expect(listed.find((i) => i.id === first!.id)?.installedBy).toBeNull();
  });
});
