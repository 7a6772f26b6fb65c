import type pg from 'pg';
import { hashPassword } from '@/lib/auth/password';
import { createPool, createPrisma, type Db } from '@/lib/db/client';
import type { AtlassianProduct, Environment } from '@/lib/generated/prisma/enums';
import { DEMO_PASSWORD, DEMO_USERS } from '@/lib/demo/identities';
import { hasPlainIds, isPlainText } from '@/lib/logs/plain-ids';
import { findPii, maskPii, piiBits } from '@/lib/pii/detect-pii';
import { loghubMessages, type DemoLevel, type LoghubMessage, type LoghubSource } from '@/lib/demo/loghub-messages';
import { allocate } from '@/lib/demo/allocate';

// Seeds the demo of DESIGN.md section 4: customers, vendors, apps,
// installations and 30 days of log lines. No 'server-only' import: this
// runs from tsx scripts and Vitest as well as from the server's start-up.

export type SeedDemoOptions = { databaseUrl: string; totalLogLines?: number; now?: Date; reset?: boolean };
export type SeedDemoResult = { seeded: boolean; logLines: number };

const DAY = 86_400_000;
const WINDOW_DAYS = 30;
const CHUNK_ROWS = 10_000;

// ---------------------------------------------------------------------------
// The catalog. Looked up by name/url in tests, so names are the contract.
// ---------------------------------------------------------------------------

type OrgSpec = { slug: string; name: string; contact: string; createdDaysAgo: number; sites: string[] };

const ORGS: OrgSpec[] = [
  { slug: 'acme', name: 'Acme', contact: 'it-ops@acme.example', createdDaysAgo: 820, sites: ['acme.atlassian.net', 'acme-eu.atlassian.net'] },
  { slug: 'initech', name: 'Initech', contact: 'helpdesk@initech.example', createdDaysAgo: 640, sites: ['initech.atlassian.net'] },
  { slug: 'lumen-internal', name: 'Lumen Software (internal)', contact: 'owner@lumen.example', createdDaysAgo: 900, sites: ['lumen.atlassian.net'] },
  { slug: 'soylent', name: 'Soylent', contact: 'platform@soylent.example', createdDaysAgo: 700, sites: ['soylent.atlassian.net', 'soylent-labs.atlassian.net'] },
];

// Where each site's users are, for the daily rhythm (UTC offset) and attributes.
const SITE_PLACE: Record<string, { utcOffset: number; region: string }> = {
  'acme.atlassian.net': { utcOffset: -5, region: 'us-east-1' },
  'acme-eu.atlassian.net': { utcOffset: 1, region: 'eu-central-1' },
  'initech.atlassian.net': { utcOffset: -6, region: 'us-west-2' },
  'lumen.atlassian.net': { utcOffset: 10, region: 'ap-southeast-2' },
  'soylent.atlassian.net': { utcOffset: -5, region: 'us-east-1' },
  'soylent-labs.atlassian.net': { utcOffset: 0, region: 'eu-west-1' },
};

type MembershipSpec = { email: string; org: string; role: 'ORG_ADMIN' | 'SITE_ADMIN'; site?: string };

const MEMBERSHIPS: MembershipSpec[] = [
  { email: 'admin@acme.example', org: 'acme', role: 'ORG_ADMIN' },
  { email: 'siteadmin@acme.example', org: 'acme', role: 'SITE_ADMIN', site: 'acme-eu.atlassian.net' },
  { email: 'admin@initech.example', org: 'initech', role: 'ORG_ADMIN' },
  { email: 'owner@lumen.example', org: 'lumen-internal', role: 'ORG_ADMIN' },
];

type VendorSpec = {
  slug: string;
  name: string;
  domain: string;
  createdDaysAgo: number;
  members: { email: string; role: 'OWNER' | 'DEVELOPER' | 'VIEWER' }[];
};

const VENDORS: VendorSpec[] = [
  {
    slug: 'lumen',
    name: 'Lumen Software',
    domain: 'lumen.example',
    createdDaysAgo: 1100,
    members: [
      { email: 'owner@lumen.example', role: 'OWNER' },
      { email: 'dev@lumen.example', role: 'DEVELOPER' },
    ],
  },
  { slug: 'globex', name: 'Globex', domain: 'globex.example', createdDaysAgo: 1000, members: [{ email: 'dev@globex.example', role: 'DEVELOPER' }] },
  { slug: 'northwind', name: 'Northwind Labs', domain: 'northwind.example', createdDaysAgo: 950, members: [] },
  { slug: 'vandelay', name: 'Vandelay Industries', domain: 'vandelay.example', createdDaysAgo: 870, members: [] },
  { slug: 'bluefin', name: 'Bluefin Apps', domain: 'bluefin.example', createdDaysAgo: 760, members: [] },
];

type AppSpec = {
  slug: string;
  vendor: string;
  name: string;
  isPaid: boolean;
  description: string;
  scopes: string[];
  /** Released versions, oldest first; the last is what production runs. */
  versions: string[];
  /** loghub samples whose messages read like this app's logs. */
  sources: LoghubSource[];
  /** The app's own entry points: [module, function]. */
  entries: [string, string][];
};

const APPS: AppSpec[] = [
  {
    slug: 'timesheet-pro',
    vendor: 'lumen',
    name: 'Timesheet Pro',
    isPaid: true,
    description: 'Log work against Jira issues from a weekly timesheet, approve team hours and export them to payroll.',
    scopes: ['read:jira-work', 'write:jira-work', 'read:jira-user', 'storage:app'],
    versions: ['3.2.0', '3.3.2', '3.4.0', '3.4.1'],
    sources: ['HDFS', 'Spark'],
    entries: [
      ['resolvers/timesheet', 'getWorklogs'],
      ['resolvers/timesheet', 'saveWorklog'],
      ['resolvers/approvals', 'approveWeek'],
      ['triggers/issue', 'onIssueUpdated'],
      ['scheduled/payroll-export', 'handler'],
    ],
  },
  {
    slug: 'quick-notes',
    vendor: 'lumen',
    name: 'Quick Notes',
    isPaid: false,
    description: 'Private sticky notes on any Jira issue or Confluence page, synced across your devices.',
    scopes: ['read:jira-work', 'read:confluence-content.summary', 'storage:app'],
    versions: ['1.7.0', '1.8.0', '1.8.3'],
    sources: ['HealthApp'],
    entries: [
      ['resolvers/notes', 'listNotes'],
      ['resolvers/notes', 'saveNote'],
      ['resolvers/notes', 'deleteNote'],
      ['macros/note', 'render'],
    ],
  },
  {
    slug: 'release-radar',
    vendor: 'globex',
    name: 'Release Radar',
    isPaid: true,
    description: 'Tracks fix versions across projects, flags risky releases and publishes release notes to Confluence.',
    scopes: ['read:jira-work', 'write:jira-work', 'read:confluence-content.summary', 'write:confluence-content', 'storage:app'],
    versions: ['2.8.4', '2.9.0', '2.9.3'],
    sources: ['OpenStack', 'Apache'],
    entries: [
      ['resolvers/releases', 'getReleases'],
      ['triggers/version', 'onVersionReleased'],
      ['webhooks/deployments', 'onDeployment'],
      ['scheduled/risk-scan', 'handler'],
    ],
  },
  {
    slug: 'sprint-insights',
    vendor: 'northwind',
    name: 'Sprint Insights',
    isPaid: true,
    description: 'Burndown, carry-over and cycle-time reports for Scrum and Kanban boards.',
    scopes: ['read:jira-work', 'read:board-scope:jira-software', 'read:sprint:jira-software', 'storage:app'],
    versions: ['5.0.2', '5.1.0', '5.1.1'],
    sources: ['Spark', 'Zookeeper'],
    entries: [
      ['resolvers/reports', 'getBurndown'],
      ['resolvers/reports', 'getCycleTime'],
      ['triggers/sprint', 'onSprintClosed'],
      ['scheduled/snapshot', 'handler'],
    ],
  },
  {
    slug: 'test-case-manager',
    vendor: 'northwind',
    name: 'Test Case Manager',
    isPaid: true,
    description: 'Test cases, test runs and requirement coverage, linked to Jira issues.',
    scopes: ['read:jira-work', 'write:jira-work', 'storage:app'],
    versions: ['4.11.0', '4.12.0', '4.12.2'],
    sources: ['HDFS'],
    entries: [
      ['resolvers/test-runs', 'startRun'],
      ['resolvers/test-runs', 'recordResult'],
      ['resolvers/coverage', 'getCoverage'],
      ['triggers/issue', 'onIssueCreated'],
    ],
  },
  {
    slug: 'glossary',
    vendor: 'northwind',
    name: 'Glossary for Confluence',
    isPaid: false,
    description: 'Define terms once and highlight them, with their definition, on every Confluence page.',
    scopes: ['read:confluence-content.all', 'write:confluence-content', 'storage:app'],
    versions: ['1.3.0', '1.4.0', '1.4.2'],
    sources: ['HealthApp', 'Apache'],
    entries: [
      ['macros/glossary', 'render'],
      ['resolvers/terms', 'lookupTerm'],
      ['triggers/page', 'onPageUpdated'],
    ],
  },
  {
    slug: 'smart-checklists',
    vendor: 'northwind',
    name: 'Smart Checklists',
    isPaid: false,
    description: 'Checklists inside Jira issues, with templates per issue type and a definition of done.',
    scopes: ['read:jira-work', 'write:jira-work', 'storage:app'],
    versions: ['2.0.1', '2.1.0', '2.2.0'],
    sources: ['HealthApp'],
    entries: [
      ['resolvers/checklist', 'getChecklist'],
      ['resolvers/checklist', 'toggleItem'],
      ['triggers/issue', 'onIssueCreated'],
    ],
  },
  {
    slug: 'bulk-importer',
    vendor: 'vandelay',
    name: 'Bulk Importer',
    isPaid: true,
    description: 'Import issues, comments and attachments from CSV, Trello and Asana, with field mapping and dry runs.',
    scopes: ['read:jira-work', 'write:jira-work', 'read:jira-user', 'storage:app'],
    versions: ['6.2.0', '6.3.0', '6.3.4'],
    sources: ['HDFS', 'OpenStack'],
    entries: [
      ['resolvers/import', 'startImport'],
      ['consumers/import-batch', 'processBatch'],
      ['resolvers/mapping', 'previewMapping'],
    ],
  },
  {
    slug: 'secure-share',
    vendor: 'vandelay',
    name: 'Secure Share',
    isPaid: true,
    description: 'Share Confluence pages with external partners through expiring, password-protected links.',
    scopes: ['read:confluence-content.all', 'read:confluence-space.summary', 'storage:app'],
    versions: ['1.9.0', '2.0.0', '2.0.1'],
    sources: ['OpenSSH', 'Linux'],
    entries: [
      ['resolvers/links', 'createLink'],
      ['web/share', 'handler'],
      ['scheduled/expire-links', 'handler'],
    ],
  },
  {
    slug: 'page-reactions',
    vendor: 'vandelay',
    name: 'Page Reactions',
    isPaid: false,
    description: 'Emoji reactions and one-click polls on Confluence pages.',
    scopes: ['read:confluence-content.summary', 'write:confluence-content', 'storage:app'],
    versions: ['0.9.5', '1.0.0', '1.0.3'],
    sources: ['Apache'],
    entries: [
      ['resolvers/reactions', 'addReaction'],
      ['resolvers/reactions', 'getReactions'],
      ['resolvers/polls', 'vote'],
    ],
  },
  {
    slug: 'diagram-studio',
    vendor: 'bluefin',
    name: 'Diagram Studio',
    isPaid: true,
    description: 'Flowcharts, UML and architecture diagrams, edited in place on Confluence pages.',
    scopes: ['read:confluence-content.all', 'write:confluence-content', 'storage:app'],
    versions: ['7.4.0', '7.5.1', '7.6.0'],
    sources: ['Spark', 'Apache'],
    entries: [
      ['macros/diagram', 'render'],
      ['resolvers/diagram', 'saveDiagram'],
      ['resolvers/export', 'exportPng'],
    ],
  },
  {
    slug: 'access-auditor',
    vendor: 'bluefin',
    name: 'Access Auditor',
    isPaid: false,
    description: 'Reports who can see what across Jira projects and flags overly broad permission schemes.',
    scopes: ['read:jira-user', 'read:jira-work', 'manage:jira-configuration'],
    versions: ['1.1.0', '1.2.0', '1.2.1'],
    sources: ['OpenSSH', 'Linux'],
    entries: [
      ['resolvers/audit', 'getPermissionReport'],
      ['scheduled/scan', 'handler'],
      ['triggers/project', 'onProjectUpdated'],
    ],
  },
  {
    slug: 'sla-watch',
    vendor: 'bluefin',
    name: 'SLA Watch',
    isPaid: true,
    description: 'Predicts SLA breaches in Jira Service Management queues and escalates before they happen.',
    scopes: ['read:servicedesk-request', 'read:jira-work', 'write:jira-work', 'storage:app'],
    versions: ['3.0.0', '3.1.0', '3.1.2'],
    sources: ['Zookeeper', 'OpenStack'],
    entries: [
      ['scheduled/predict', 'handler'],
      ['triggers/request', 'onRequestCreated'],
      ['resolvers/queue', 'getAtRisk'],
    ],
  },
];

type InstallSpec = {
  app: string;
  site: string;
  product: AtlassianProduct;
  environment: Environment;
  installedDaysAgo: number;
  /** Defaults to the app's latest release. */
  version?: string;
};

const P = 'PRODUCTION' as const;
const I = (app: string, site: string, product: AtlassianProduct, installedDaysAgo: number, environment: Environment = P, version?: string): InstallSpec =>
  version ? { app, site, product, environment, installedDaysAgo, version } : { app, site, product, environment, installedDaysAgo };

// Acme and Initech have one installation per app, so "app X on site Y" is unambiguous.
const INSTALLATIONS: InstallSpec[] = [
  I('timesheet-pro', 'acme.atlassian.net', 'JIRA', 210),
  I('quick-notes', 'acme.atlassian.net', 'JIRA', 150),
  I('release-radar', 'acme.atlassian.net', 'JIRA', 320),
  I('sprint-insights', 'acme.atlassian.net', 'JIRA', 95),
  I('test-case-manager', 'acme.atlassian.net', 'JIRA', 180),
  I('smart-checklists', 'acme.atlassian.net', 'JIRA', 45),
  I('glossary', 'acme.atlassian.net', 'CONFLUENCE', 400),
  I('diagram-studio', 'acme.atlassian.net', 'CONFLUENCE', 260),
  I('sla-watch', 'acme.atlassian.net', 'JIRA_SERVICE_MANAGEMENT', 120),
  I('timesheet-pro', 'acme-eu.atlassian.net', 'JIRA', 130),
  I('release-radar', 'acme-eu.atlassian.net', 'JIRA', 88),
  I('bulk-importer', 'acme-eu.atlassian.net', 'JIRA', 60),
  I('access-auditor', 'acme-eu.atlassian.net', 'JIRA', 75),
  I('secure-share', 'acme-eu.atlassian.net', 'CONFLUENCE', 140),
  I('page-reactions', 'acme-eu.atlassian.net', 'CONFLUENCE', 200),
  // Installed mid-window: its logs start 12 days ago.
  I('quick-notes', 'acme-eu.atlassian.net', 'CONFLUENCE', 12),
  I('release-radar', 'initech.atlassian.net', 'JIRA', 170),
  I('test-case-manager', 'initech.atlassian.net', 'JIRA', 300),
  I('bulk-importer', 'initech.atlassian.net', 'JIRA', 35),
  I('smart-checklists', 'initech.atlassian.net', 'JIRA', 50),
  I('page-reactions', 'initech.atlassian.net', 'CONFLUENCE', 90),
  I('timesheet-pro', 'lumen.atlassian.net', 'JIRA', 365, 'STAGING', '3.5.0-rc.2'),
  I('timesheet-pro', 'lumen.atlassian.net', 'JIRA', 365, 'DEVELOPMENT', '3.5.0-dev.14'),
  I('quick-notes', 'lumen.atlassian.net', 'CONFLUENCE', 300, 'STAGING', '1.9.0-beta.1'),
  I('sprint-insights', 'lumen.atlassian.net', 'JIRA', 100),
  I('glossary', 'lumen.atlassian.net', 'CONFLUENCE', 220),
  I('timesheet-pro', 'soylent.atlassian.net', 'JIRA', 500),
  I('release-radar', 'soylent.atlassian.net', 'JIRA', 230),
  I('smart-checklists', 'soylent.atlassian.net', 'JIRA', 160),
  I('diagram-studio', 'soylent.atlassian.net', 'CONFLUENCE', 110),
  I('sla-watch', 'soylent.atlassian.net', 'JIRA_SERVICE_MANAGEMENT', 80),
  I('release-radar', 'soylent-labs.atlassian.net', 'JIRA', 40, 'STAGING', '3.0.0-rc.1'),
  I('access-auditor', 'soylent-labs.atlassian.net', 'JIRA', 33, 'DEVELOPMENT', '1.3.0-dev.3'),
  I('secure-share', 'soylent-labs.atlassian.net', 'CONFLUENCE', 70, 'STAGING', '2.1.0-rc.1'),
];

// The busiest installations, in order; the rest follow in a shuffled order.
const BUSIEST = [
  'timesheet-pro@acme.atlassian.net',
  'release-radar@acme.atlassian.net',
  'timesheet-pro@soylent.atlassian.net',
  'bulk-importer@acme-eu.atlassian.net',
  'timesheet-pro@acme-eu.atlassian.net',
];

// An installation having a bad month, so error views have something to show.
const TROUBLED = 'release-radar@initech.atlassian.net';

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

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

async function undoCatalog(prisma: Db) {
  await prisma.organization.deleteMany({ where: { slug: { in: ORGS.map((o) => o.slug) } } });
  await prisma.vendor.deleteMany({ where: { slug: { in: VENDORS.map((v) => v.slug) } } });
  await prisma.user.deleteMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) } } });
}

// ---------------------------------------------------------------------------
// Catalog: users, organizations, sites, vendors, apps, installations
// ---------------------------------------------------------------------------

type SeededInstallation = { id: string; spec: InstallSpec; appSpec: AppSpec; installedAt: number };

async function seedCatalog(prisma: Db, passwordHash: string, now: Date): Promise<SeededInstallation[]> {
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
      const rows = await tx.installation.createManyAndReturn({
        data: INSTALLATIONS.map((s) => ({
          appId: need(appId, s.app),
          siteId: need(siteId, s.site),
          product: s.product,
          environment: s.environment,
          appVersion: s.version ?? need(appBySlug, s.app).versions.at(-1) ?? '1.0.0',
          installedAt: ago(s.installedDaysAgo),
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

// ---------------------------------------------------------------------------
// Log lines
// ---------------------------------------------------------------------------

/** mulberry32: tiny, fast and good enough; seeded so the demo is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const hex32 = (rng: Rng) => ((rng() * 4_294_967_296) >>> 0).toString(16).padStart(8, '0');

function uuid(rng: Rng): string {
  const h = hex32(rng) + hex32(rng) + hex32(rng) + hex32(rng);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[int(rng, 0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// Fraction of lines per level; the seeder then finds a message that has that level.
type LevelMix = Record<DemoLevel, number>;
const LEVEL_ORDER: DemoLevel[] = ['INFO', 'DEBUG', 'WARN', 'ERROR', 'TRACE'];
const MIX: Record<'normal' | 'dev' | 'troubled', LevelMix> = {
  normal: { INFO: 0.7, DEBUG: 0.14, WARN: 0.08, ERROR: 0.03, TRACE: 0.05 },
  dev: { INFO: 0.45, DEBUG: 0.3, WARN: 0.07, ERROR: 0.03, TRACE: 0.15 },
  troubled: { INFO: 0.6, DEBUG: 0.1, WARN: 0.14, ERROR: 0.12, TRACE: 0.04 },
};

function pickLevel(rng: Rng, mix: LevelMix): DemoLevel {
  let r = rng();
  for (const level of LEVEL_ORDER) {
    r -= mix[level];
    if (r < 0) return level;
  }
  return 'INFO';
}

// For sources without levels: which messages read like trouble.
const TROUBLE = /\b(error|fatal|exception|fail(ed|ure)?|refused|denied|invalid|timed? ?out|break-in|unable|cannot|lost)\b/i;

type Pools = Record<DemoLevel, LoghubMessage[]>;

function messagePools(app: AppSpec): Pools {
  const pools: Pools = { ERROR: [], WARN: [], INFO: [], DEBUG: [], TRACE: [] };
  for (const source of app.sources) {
    for (const m of loghubMessages(source)) {
      if (m.level) {
        pools[m.level].push(m);
      } else if (TROUBLE.test(m.message)) {
        pools.WARN.push(m);
        pools.ERROR.push(m);
      } else {
        pools.INFO.push(m);
        pools.DEBUG.push(m);
        pools.TRACE.push(m);
      }
    }
  }
  return pools;
}

// The app's own chatter, for levels the loghub sources never use (and to
// mix the platform's voice in with the borrowed messages).
function ownMessage(rng: Rng, level: DemoLevel, fn: string, product: AtlassianProduct, key: string): string {
  const ms = int(rng, 3, 900);
  const jira = product !== 'CONFLUENCE';
  const api = jira ? `/rest/api/3/issue/${key}` : `/wiki/api/v2/pages/${int(rng, 100_000, 999_999)}`;
  switch (level) {
    case 'TRACE':
      return pick(rng, [`enter ${fn}`, `exit ${fn} after ${ms} ms`, `storage.get("settings") returned ${int(rng, 80, 4000)} bytes`]);
    case 'DEBUG':
      return pick(rng, [
        `requestJira GET ${api} -> 200 in ${ms} ms`,
        `cache miss for ${jira ? key : 'page tree'}, fetching`,
        `resolved context: product=${product.toLowerCase()} moduleKey=${fn}`,
        `payload size ${int(rng, 200, 60_000)} bytes`,
      ]);
    case 'WARN':
      return pick(rng, [`retrying ${api} after 429 (attempt ${int(rng, 1, 3)})`, `${fn} took ${ms * 10} ms, close to the 25 s limit`]);
    case 'ERROR':
      return pick(rng, [`${fn} failed: request to ${api} returned 500`, `unhandled rejection in ${fn}: socket hang up`]);
    default:
      // Now and then the personal data that real apps log by accident, for the download preview to find.
      if (rng() < 0.04) return personalDataMessage(rng, fn, key);
      return `${fn} done in ${ms} ms`;
  }
}

const PEOPLE = ['maria.gomez', 'j.chen', 'olu.adebayo', 'priya.raman', 'tom.becker', 'sofia.rossi'];

function personalDataMessage(rng: Rng, fn: string, key: string): string {
  const person = pick(rng, PEOPLE);
  return pick(rng, [
    `${fn}: sent reminder for ${key} to ${person}@customer.example`,
    `${fn}: user ${person}@customer.example signed in from 203.0.113.${int(rng, 1, 254)}`,
    `${fn}: calling back +1-202-555-01${int(rng, 10, 99)} about ${key}`,
    `${fn}: outgoing webhook with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIke3BlcnNvbn0ifQ.c2lnbmF0dXJlLXZhbHVl`,
    `${fn}: refund to card 4111 1111 1111 1111 for ${key} declined`,
  ]);
}

// More lines in the site's working hours, fewer at night and at weekends.
const HOUR_WEIGHT = [
  0.12, 0.1, 0.08, 0.08, 0.1, 0.15, 0.3, 0.55, 0.85, 1, 1, 0.95, 0.8, 0.9, 1, 1, 0.9, 0.75, 0.55, 0.4, 0.3, 0.22, 0.17, 0.14,
];

function sampleStart(rng: Rng, from: number, to: number, utcOffset: number): number {
  for (;;) {
    const t = from + rng() * (to - from);
    const local = new Date(t + utcOffset * 3_600_000);
    const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
    const weight = (HOUR_WEIGHT[local.getUTCHours()] ?? 1) * (weekend ? 0.4 : 1);
    if (rng() < weight) return t;
  }
}

type Columns = {
  installationId: string[];
  ts: string[];
  level: string[];
  message: string[];
  invocationId: string[];
  traceId: string[];
  module: (string | null)[];
  fn: (string | null)[];
  appVersion: string[];
  attributes: (string | null)[];
  piiKinds: number[];
  messageMasked: (string | null)[];
  plainIds: boolean[];
  plainMessage: boolean[];
};

const emptyColumns = (): Columns => ({
  installationId: [],
  ts: [],
  level: [],
  message: [],
  invocationId: [],
  traceId: [],
  module: [],
  fn: [],
  appVersion: [],
  attributes: [],
  piiKinds: [],
  messageMasked: [],
  plainIds: [],
  plainMessage: [],
});

const INSERT_SQL = `
INSERT INTO log_lines (installation_id, ts, level, message, invocation_id, trace_id, module, function, app_version, attributes, pii_kinds, message_masked, plain_ids, plain_message)
SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::"LogLevel"[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[], $11::smallint[], $12::text[], $13::boolean[], $14::boolean[])`;

/** Yields the lines of every installation in chunks of column arrays. */
function* generateChunks(installations: SeededInstallation[], now: number, total: number): Generator<Columns> {
  const rng = mulberry32(0x10951a7e);
  const windowStart = now - WINDOW_DAYS * DAY;
  const key = (s: InstallSpec) => `${s.app}@${s.site}`;

  // Busiest first by name, the rest shuffled (Fisher-Yates), then Zipf weights.
  const rest = installations.filter((i) => !BUSIEST.includes(key(i.spec)));
  for (let i = rest.length - 1; i > 0; i--) {
    const j = int(rng, 0, i);
    [rest[i], rest[j]] = [rest[j] as SeededInstallation, rest[i] as SeededInstallation];
  }
  const ranked = [...BUSIEST.flatMap((k) => installations.filter((i) => key(i.spec) === k)), ...rest];
  const weights = ranked.map((inst, rank) => {
    const from = Math.max(windowStart, inst.installedAt);
    const share = (now - from) / (now - windowStart);
    return (share / (rank + 1) ** 1.05) * (inst.spec.environment === 'PRODUCTION' ? 1 : 0.4);
  });
  const counts = allocate(weights, total);

  const poolsByApp = new Map<string, Pools>();
  let columns = emptyColumns();
  for (const [index, inst] of ranked.entries()) {
    const count = counts[index] ?? 0;
    if (count === 0) continue;
    const { spec, appSpec } = inst;
    let pools = poolsByApp.get(appSpec.slug);
    if (!pools) poolsByApp.set(appSpec.slug, (pools = messagePools(appSpec)));
    const place = SITE_PLACE[spec.site] ?? { utcOffset: 0, region: 'us-east-1' };
    const mix = key(spec) === TROUBLED ? MIX.troubled : spec.environment === 'DEVELOPMENT' ? MIX.dev : MIX.normal;
    const from = Math.max(windowStart, inst.installedAt);
    const to = now - 5_000; // leaves room for an invocation's lines to stay before now
    const projectKey = spec.site.split(/[.-]/)[0]?.toUpperCase().slice(0, 4) ?? 'PROJ';

    // Older releases earlier in the window; an upgrade to the next one later.
    const current = spec.version ?? appSpec.versions.at(-1) ?? '1.0.0';
    const older = appSpec.versions.filter((v) => v !== current).slice(-2);
    const span = to - from;
    const cuts = span > 20 * DAY ? [from + span * (0.15 + rng() * 0.2), from + span * (0.55 + rng() * 0.3)] : [];
    const versionAt = (t: number) => {
      if (cuts.length === 2 && older.length === 2) return t < (cuts[0] ?? 0) ? older[0] : t < (cuts[1] ?? 0) ? older[1] : current;
      if (cuts.length === 2 && older.length === 1) return t < (cuts[1] ?? 0) ? older[0] : current;
      return current;
    };

    // Invocation sizes first, then their start times sorted, so ids grow with time.
    const sizes: number[] = [];
    for (let left = count; left > 0; ) {
      let n = int(rng, 2, 8);
      if (left - n < 2) n = left;
      sizes.push(n);
      left -= n;
    }
    const starts = sizes.map(() => sampleStart(rng, from, to, place.utcOffset)).sort((a, b) => a - b);

    for (const [k, size] of sizes.entries()) {
      const [entryModule, fn] = pick(rng, appSpec.entries);
      const invocationId = uuid(rng);
      const traceId = hex32(rng) + hex32(rng) + hex32(rng) + hex32(rng);
      const issueKey = `${projectKey}-${int(rng, 1, 4200)}`;
      let t = Math.floor(starts[k] ?? from);
      const appVersion = versionAt(t) ?? current;
      for (let line = 0; line < size; line++) {
        const level = pickLevel(rng, mix);
        const pool = pools[level];
        // The app's own voice for about a quarter of lines, and whenever loghub has nothing at that level.
        const borrowed = pool.length > 0 && rng() < 0.78 ? pick(rng, pool) : undefined;
        const message = borrowed?.message ?? ownMessage(rng, level, fn, spec.product, issueKey);
        const moduleName = borrowed?.module && rng() < 0.65 ? borrowed.module : entryModule;

        columns.installationId.push(inst.id);
        columns.ts.push(new Date(t).toISOString());
        columns.level.push(level);
        columns.message.push(message);
        columns.invocationId.push(invocationId);
        columns.traceId.push(traceId);
        columns.module.push(moduleName);
        columns.fn.push(fn);
        columns.appVersion.push(appVersion);
        columns.attributes.push(attributesFor(rng, level, place.region, spec.product, issueKey));
        const hits = findPii(message);
        columns.piiKinds.push(piiBits(hits));
        columns.messageMasked.push(hits.length ? maskPii(message, hits) : null);
        columns.plainIds.push(hasPlainIds([invocationId, traceId, moduleName, fn, appVersion]));
        columns.plainMessage.push(isPlainText(message));
        if (columns.ts.length >= CHUNK_ROWS) {
          yield columns;
          columns = emptyColumns();
        }
        t += 1 + Math.floor(rng() * rng() * 180);
      }
    }
  }
  if (columns.ts.length) yield columns;
}

function attributesFor(rng: Rng, level: DemoLevel, region: string, product: AtlassianProduct, issueKey: string): string | null {
  const r = rng();
  if (level === 'ERROR' && r < 0.6) return JSON.stringify({ statusCode: pick(rng, [500, 502, 503, 504]), retryable: rng() < 0.5 });
  if (r < 0.18) return JSON.stringify({ durationMs: int(rng, 4, 2_400), region });
  if (r < 0.26) return JSON.stringify(product === 'CONFLUENCE' ? { pageId: String(int(rng, 100_000, 999_999)) } : { issueKey });
  if (r < 0.31) return JSON.stringify({ durationMs: int(rng, 20, 900), statusCode: 200, cached: rng() < 0.3 });
  return null;
}

async function seedLogLines(pool: pg.Pool, installations: SeededInstallation[], now: number, total: number): Promise<number> {
  const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10);
  // Partitions in their own statement: creating them locks the parent table,
  // which must not stay locked for the whole insert.
  await pool.query('SELECT logshare_ensure_log_partitions($1::date, $2::date)', [
    utcDay(now - (WINDOW_DAYS + 1) * DAY),
    utcDay(now + 2 * DAY),
  ]);
  if (total <= 0) return 0;

  const client = await pool.connect();
  let inserted = 0;
  // Generate the next chunk while the previous one is being inserted.
  let pending: Promise<unknown> | undefined;
  try {
    await client.query('BEGIN');
    for (const c of generateChunks(installations, now, total)) {
      await pending;
      pending = client.query(INSERT_SQL, [
        c.installationId,
        c.ts,
        c.level,
        c.message,
        c.invocationId,
        c.traceId,
        c.module,
        c.fn,
        c.appVersion,
        c.attributes,
        c.piiKinds,
        c.messageMasked,
        c.plainIds,
        c.plainMessage,
      ]);
      inserted += c.ts.length;
    }
    await pending;
    await client.query('SELECT logshare_rebuild_hourly_stats($1::text[], $2::timestamptz, $3::timestamptz)', [
      installations.map((i) => i.id),
      new Date(now - (WINDOW_DAYS + 1) * DAY),
      new Date(now + DAY),
    ]);
    await client.query('COMMIT');
    return inserted;
  } catch (error) {
    await pending?.catch(() => undefined);
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
