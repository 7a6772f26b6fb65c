import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createUser } from '../db';

// The fuzz suite's own corner of the database: an organization with one site
// and its admin, a vendor with one developer (an owner) and a paid app
// installed on that site, sharing its logs. Whatever the generated requests
// change (log access, settings, tokens), they change only this, so the other
// specs running in parallel never see it.

export const FUZZ_PASSWORD = 'fuzz-password';

export type FuzzWorld = {
  adminEmail: string;
  devEmail: string;
  organizationId: string;
  siteId: string;
  siteUrl: string;
  vendorId: string;
  appId: string;
  installationId: string;
};

export async function createFuzzWorld(): Promise<FuzzWorld> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set; run the end-to-end tests through `npm test`.');
  const tag = randomBytes(5).toString('hex');
  const id = (what: string) => `fz${what}${tag}`;
  const { email: adminEmail } = await createUser({ name: 'Fuzz Admin', password: FUZZ_PASSWORD });
  const { email: devEmail } = await createUser({ name: 'Fuzz Developer', password: FUZZ_PASSWORD });
  const world: FuzzWorld = {
    adminEmail,
    devEmail,
    organizationId: id('org'),
    siteId: id('site'),
    siteUrl: `fuzz-${tag}.atlassian.net`,
    vendorId: id('vendor'),
    appId: id('app'),
    installationId: id('inst'),
  };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const userId = async (email: string) => (await client.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email])).rows[0]!.id;
    const [admin, dev] = [await userId(adminEmail), await userId(devEmail)];
    await client.query('BEGIN');
    await client.query(`INSERT INTO organizations (id, name, slug) VALUES ($1, 'Fuzz Org', $1)`, [world.organizationId]);
    await client.query(`INSERT INTO sites (id, organization_id, url) VALUES ($1, $2, $3)`, [world.siteId, world.organizationId, world.siteUrl]);
    await client.query(`INSERT INTO memberships (id, user_id, organization_id, role) VALUES ($1, $2, $3, 'ORG_ADMIN')`, [id('m'), admin, world.organizationId]);
    await client.query(`INSERT INTO vendors (id, name, slug, contact_email) VALUES ($1, 'Fuzz Vendor', $1, 'vendor@fuzz.example')`, [world.vendorId]);
    await client.query(`INSERT INTO vendor_members (id, vendor_id, user_id, role) VALUES ($1, $2, $3, 'OWNER')`, [id('vm'), world.vendorId, dev]);
    await client.query(
      `INSERT INTO apps (id, vendor_id, name, slug, description, is_paid, contact_email, scopes) VALUES ($1, $2, 'Fuzz App', $1, 'Takes hostile input', true, 'app@fuzz.example', '{}')`,
      [world.appId, world.vendorId],
    );
    await client.query(
      `INSERT INTO installations (id, app_id, site_id, product, environment, app_version, installed_at) VALUES ($1, $2, $3, 'JIRA', 'PRODUCTION', '1.0.0', now())`,
      [world.installationId, world.appId, world.siteId],
    );
    await client.query(`INSERT INTO log_access_grants (id, installation_id, source, enabled_by_id) VALUES ($1, $2, 'ADMIN', $3)`, [id('g'), world.installationId, admin]);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return world;
}
