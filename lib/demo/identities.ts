// Demo sign-ins (demo mode only; DESIGN.md section 4). Shared by the seeder,
// the sign-in page's hints and the tests, so they can't drift apart.

export const DEMO_PASSWORD = 'demo';

export type DemoUser = { email: string; name: string; description: string };

export const DEMO_USERS: readonly DemoUser[] = [
  {
    email: 'admin@acme.example',
    name: 'Avery Adams',
    description: 'Organization admin of Acme (acme.atlassian.net, acme-eu.atlassian.net)',
  },
  {
    email: 'siteadmin@acme.example',
    name: 'Sasha Sato',
    description: 'Site admin of acme-eu.atlassian.net only',
  },
  {
    email: 'admin@initech.example',
    name: 'Ivy Ingram',
    description: 'Organization admin of Initech (initech.atlassian.net)',
  },
  {
    email: 'dev@lumen.example',
    name: 'Devon Lee',
    description: 'Developer at vendor Lumen Software (Timesheet Pro, Quick Notes)',
  },
  {
    email: 'dev@globex.example',
    name: 'Gale Moreno',
    description: 'Developer at vendor Globex (Release Radar)',
  },
  {
    // One person with both roles, to show the switch between Admin Hub and console.
    email: 'owner@lumen.example',
    name: 'Olive Lund',
    description:
      'Owner of vendor Lumen Software, and organization admin of Lumen Software (internal) (lumen.atlassian.net)',
  },
];

export type DemoHome = '/admin' | '/console';

/** Where each demo user lands after sign-in. */
export const DEMO_HOME: Record<string, DemoHome> = {
  'admin@acme.example': '/admin',
  'siteadmin@acme.example': '/admin',
  'admin@initech.example': '/admin',
  'dev@lumen.example': '/console',
  'dev@globex.example': '/console',
  'owner@lumen.example': '/admin',
};
