import { type Db } from '@/lib/db/client';
import { APPS, type AppSpec } from '@/lib/demo/catalog-apps';
import { INSTALLATIONS, MEMBERSHIPS, ORGS, VENDORS, type InstallSpec } from '@/lib/demo/catalog';
import { DAY } from '@/lib/demo/demo-window';
import { DEMO_USERS } from '@/lib/demo/identities';

// Catalog: users, organizations, sites, vendors, apps, installations, in one
// transaction.

export type SeededInstallation = { id: string; spec: InstallSpec; appSpec: AppSpec; installedAt: number };

export async function seedCatalog(prisma: Db, passwordHash: string, now: Date): Promise<SeededInstallation[]> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  return prisma.$transaction(
    async (tx) => {
      const users = await tx.user.createManyAndReturn({
        data: DEMO_USERS.map((u) => ({ email: u.email.toLowerCase(), name: u.name, passwordHash })),
        select: { id: true, email: true },
      });
      const userId = new Map(users.map((u) => [u.email, u.id]));
      const need = <T>(map: Map<string, T>, key: string): T => {
        const value = map.get(key);
        if (value === undefined) throw new Error(`seed catalog: unknown ${key}`);
        return value;
      };

      const orgId = new Map<string, string>();
      const siteId = new Map<string, string>();
      for (const org of ORGS) {
        const created = await tx.organization.create({
          data: {
            name: org.name,
            slug: org.slug,
            technicalContactEmail: org.contact,
            createdAt: ago(org.createdDaysAgo),
            sites: { create: org.sites.map((url, i) => ({ url, createdAt: ago(org.createdDaysAgo - i * 30) })) },
          },
          include: { sites: true },
        });
        orgId.set(org.slug, created.id);
        for (const site of created.sites) siteId.set(site.url, site.id);
      }

      await tx.membership.createMany({
        data: MEMBERSHIPS.map((m) => ({
          userId: need(userId, m.email),
          organizationId: need(orgId, m.org),
          // ORG_ADMIN covers every site of the organization, so it names none.
          siteId: m.role === 'SITE_ADMIN' && m.site ? need(siteId, m.site) : null,
          role: m.role,
        })),
      });

      const appId = new Map<string, string>();
      for (const vendor of VENDORS) {
        const apps = APPS.filter((a) => a.vendor === vendor.slug);
        const created = await tx.vendor.create({
          data: {
            name: vendor.name,
            slug: vendor.slug,
            contactEmail: `support@${vendor.domain}`,
            createdAt: ago(vendor.createdDaysAgo),
            members: { create: vendor.members.map((m) => ({ userId: need(userId, m.email), role: m.role })) },
            apps: {
              create: apps.map((a, i) => ({
                name: a.name,
                slug: a.slug,
                description: a.description,
                isPaid: a.isPaid,
                contactEmail: `${a.slug}@${vendor.domain}`,
                privacyPolicyUrl: `https://www.${vendor.domain}/legal/privacy/${a.slug}`,
                scopes: a.scopes,
                createdAt: ago(vendor.createdDaysAgo - 10 - i * 45),
              })),
            },
          },
          include: { apps: { select: { id: true, slug: true } } },
        });
        for (const app of created.apps) appId.set(app.slug, app.id);
      }

      const appBySlug = new Map(APPS.map((a) => [a.slug, a]));
      // The demo's installs were made by an organization admin of the site's organization.
      const installerOfSite = new Map<string, string>();
      for (const org of ORGS) {
        const admin = MEMBERSHIPS.find((m) => m.org === org.slug && m.role === 'ORG_ADMIN');
        if (admin) for (const url of org.sites) installerOfSite.set(url, need(userId, admin.email));
      }
      const rows = await tx.installation.createManyAndReturn({
        data: INSTALLATIONS.map((s) => ({
          appId: need(appId, s.app),
          siteId: need(siteId, s.site),
          product: s.product,
          environment: s.environment,
          appVersion: s.version ?? need(appBySlug, s.app).versions.at(-1) ?? '1.0.0',
          installedAt: ago(s.installedDaysAgo),
          installedById: installerOfSite.get(s.site) ?? null,
        })),
        select: { id: true, appId: true, siteId: true, product: true, environment: true },
      });
      const idOf = new Map(rows.map((r) => [`${r.appId}|${r.siteId}|${r.product}|${r.environment}`, r.id]));
      return INSTALLATIONS.map((spec) => ({
        id: need(idOf, `${need(appId, spec.app)}|${need(siteId, spec.site)}|${spec.product}|${spec.environment}`),
        spec,
        appSpec: need(appBySlug, spec.app),
        installedAt: now.getTime() - spec.installedDaysAgo * DAY,
      }));
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

export async function undoCatalog(prisma: Db) {
  await prisma.organization.deleteMany({ where: { slug: { in: ORGS.map((o) => o.slug) } } });
  await prisma.vendor.deleteMany({ where: { slug: { in: VENDORS.map((v) => v.slug) } } });
  await prisma.user.deleteMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) } } });
}
