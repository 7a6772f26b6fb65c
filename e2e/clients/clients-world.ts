import { randomBytes } from 'node:crypto';
import { expect, request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import pg from 'pg';
import { createUser } from '../db';
import { signInThroughApi } from '../helpers';

// The client tests' own corner of the database: a vendor with one owner and a
// paid app installed (production) on one site per client, each sharing its
// logs with the vendor, so every client's lines are read back alone.

export const CLIENTS_PASSWORD = 'clients-password';

export type ClientsWorld = {
  devEmail: string;
  appId: string;
  /** By client name: its site's URL and the installation there. */
  installations: Record<string, { siteUrl: string; installationId: string }>;
};

export async function createClientsWorld(clients: readonly string[]): Promise<ClientsWorld> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set; run the end-to-end tests through `npm test`.');
  const tag = randomBytes(5).toString('hex');
  const id = (what: string) => `cl${what}${tag}`;
  const { email: adminEmail } = await createUser({ name: 'Clients Admin', password: CLIENTS_PASSWORD });
  const { email: devEmail } = await createUser({ name: 'Clients Developer', password: CLIENTS_PASSWORD });
  const world: ClientsWorld = { devEmail, appId: id('app'), installations: {} };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const userId = async (email: string) => (await client.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email])).rows[0]!.id;
    const [admin, dev] = [await userId(adminEmail), await userId(devEmail)];
    const organizationId = id('org');
    const vendorId = id('vendor');
    await client.query('BEGIN');
    await client.query(`INSERT INTO organizations (id, name, slug) VALUES ($1, 'Clients Org', $1)`, [organizationId]);
    await client.query(`INSERT INTO memberships (id, user_id, organization_id, role) VALUES ($1, $2, $3, 'ORG_ADMIN')`, [id('m'), admin, organizationId]);
    await client.query(`INSERT INTO vendors (id, name, slug, contact_email) VALUES ($1, 'Clients Vendor', $1, 'vendor@clients.example')`, [vendorId]);
    await client.query(`INSERT INTO vendor_members (id, vendor_id, user_id, role) VALUES ($1, $2, $3, 'OWNER')`, [id('vm'), vendorId, dev]);
    await client.query(
      `INSERT INTO apps (id, vendor_id, name, slug, description, is_paid, contact_email, scopes) VALUES ($1, $2, 'Clients App', $1, 'Sends from every client', true, 'app@clients.example', '{}')`,
      [world.appId, vendorId],
    );
    for (const [i, name] of clients.entries()) {
      const siteId = id(`site${i}`);
      const siteUrl = `${name}-${tag}.atlassian.net`;
      const installationId = id(`inst${i}`);
      await client.query(`INSERT INTO sites (id, organization_id, url) VALUES ($1, $2, $3)`, [siteId, organizationId, siteUrl]);
      await client.query(
        `INSERT INTO installations (id, app_id, site_id, product, environment, app_version, installed_at) VALUES ($1, $2, $3, 'JIRA', 'PRODUCTION', '3.4.1', now())`,
        [installationId, world.appId, siteId],
      );
      await client.query(`INSERT INTO log_access_grants (id, installation_id, source, enabled_by_id) VALUES ($1, $2, 'ADMIN', $3)`, [id(`g${i}`), installationId, admin]);
      world.installations[name] = { siteUrl, installationId };
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return world;
}

/**
 * The world's developer makes, through the API as a person would, an ingest
 * token for the app (production) and a personal API token, and gets back the
 * token and a request context that reads with the API token.
 */
export async function clientsWorldTokens(baseURL: string, world: ClientsWorld, name: string): Promise<{ ingestToken: string; reader: APIRequestContext }> {
  const dev = await playwrightRequest.newContext({ baseURL });
  try {
    await signInThroughApi(dev, world.devEmail, CLIENTS_PASSWORD);
    const ingest = await dev.post(`/api/v1/apps/${world.appId}/ingest-tokens`, { data: { name, environment: 'production' } });
    expect(ingest.status()).toBe(201);
    const api = await dev.post('/api/v1/api-tokens', { data: { name: `${name} reader` } });
    expect(api.status()).toBe(201);
    const apiToken = ((await api.json()) as { secret: string }).secret;
    return {
      ingestToken: ((await ingest.json()) as { secret: string }).secret,
      reader: await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${apiToken}` } }),
    };
  } finally {
    await dev.dispose();
  }
}
