import type { AtlassianProduct, Environment } from '@/lib/generated/prisma/enums';

// The demo's customers, vendors and installations (the apps are in
// catalog-apps.ts). Looked up by name/url in tests, so names are the contract.

export type OrgSpec = { slug: string; name: string; contact: string; createdDaysAgo: number; sites: string[] };

export const ORGS: OrgSpec[] = [
  { slug: 'acme', name: 'Acme', contact: 'it-ops@acme.example', createdDaysAgo: 820, sites: ['acme.atlassian.net', 'acme-eu.atlassian.net'] },
  { slug: 'initech', name: 'Initech', contact: 'helpdesk@initech.example', createdDaysAgo: 640, sites: ['initech.atlassian.net'] },
  { slug: 'lumen-internal', name: 'Lumen Software (internal)', contact: 'owner@lumen.example', createdDaysAgo: 900, sites: ['lumen.atlassian.net'] },
  { slug: 'soylent', name: 'Soylent', contact: 'platform@soylent.example', createdDaysAgo: 700, sites: ['soylent.atlassian.net', 'soylent-labs.atlassian.net'] },
];

// Where each site's users are, for the daily rhythm (UTC offset) and attributes.
export const SITE_PLACE: Record<string, { utcOffset: number; region: string }> = {
  'acme.atlassian.net': { utcOffset: -5, region: 'us-east-1' },
  'acme-eu.atlassian.net': { utcOffset: 1, region: 'eu-central-1' },
  'initech.atlassian.net': { utcOffset: -6, region: 'us-west-2' },
  'lumen.atlassian.net': { utcOffset: 10, region: 'ap-southeast-2' },
  'soylent.atlassian.net': { utcOffset: -5, region: 'us-east-1' },
  'soylent-labs.atlassian.net': { utcOffset: 0, region: 'eu-west-1' },
};

export type MembershipSpec = { email: string; org: string; role: 'ORG_ADMIN' | 'SITE_ADMIN'; site?: string };

export const MEMBERSHIPS: MembershipSpec[] = [
  { email: 'admin@acme.example', org: 'acme', role: 'ORG_ADMIN' },
  { email: 'siteadmin@acme.example', org: 'acme', role: 'SITE_ADMIN', site: 'acme-eu.atlassian.net' },
  { email: 'admin@initech.example', org: 'initech', role: 'ORG_ADMIN' },
  { email: 'owner@lumen.example', org: 'lumen-internal', role: 'ORG_ADMIN' },
];

export type VendorSpec = {
  slug: string;
  name: string;
  domain: string;
  createdDaysAgo: number;
  members: { email: string; role: 'OWNER' | 'DEVELOPER' | 'VIEWER' }[];
};

export const VENDORS: VendorSpec[] = [
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

export type InstallSpec = {
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
export const INSTALLATIONS: InstallSpec[] = [
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
export const BUSIEST = [
  'timesheet-pro@acme.atlassian.net',
  'release-radar@acme.atlassian.net',
  'timesheet-pro@soylent.atlassian.net',
  'bulk-importer@acme-eu.atlassian.net',
  'timesheet-pro@acme-eu.atlassian.net',
];

// An installation having a bad month, so error views have something to show.
export const TROUBLED = 'release-radar@initech.atlassian.net';
