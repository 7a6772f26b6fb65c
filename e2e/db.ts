import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { hashPassword } from '@/lib/auth/password';

// Tests that need a person of their own create one in the run's database
// (E2E_DATABASE_URL, set by `npm test`), with a unique e-mail.

/** A person with a password; with `vendorSlug`, also a member of that vendor (a developer unless `role` says otherwise), so the console opens for them. */
export async function createUser(options: { name: string; password: string; vendorSlug?: string; role?: 'DEVELOPER' | 'VIEWER' }): Promise<{ email: string }> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set; run the end-to-end tests through `npm test`.');
  const email = `e2e-${randomBytes(4).toString('hex')}@people.example`;
  const id = `e2e${randomBytes(8).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, now(), now())`,
      [id, email, options.name, await hashPassword(options.password)],
    );
    if (options.vendorSlug) {
      await client.query(
        `INSERT INTO vendor_members (id, vendor_id, user_id, role, created_at) SELECT $1, id, $2, $4, now() FROM vendors WHERE slug = $3`,
        [`e2e${randomBytes(8).toString('hex')}`, id, options.vendorSlug, options.role ?? 'DEVELOPER'],
      );
    }
  } finally {
    await client.end();
  }
  return { email };
}

/** An e-mail the outbox gave up on, about a site (as the delivery job leaves it after its last attempt). */
export async function createUndeliverableEmail(options: { siteUrl: string; to: string; subject: string; lastError: string }): Promise<void> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set; run the end-to-end tests through `npm test`.');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO outbox_emails (id, "to", subject, body, organization_id, site_id, attempts, next_attempt_at, last_error, undeliverable_at, created_at)
       SELECT $1, $2, $3, 'Hello', organization_id, id, 8, NULL, $4, now(), now() - interval '18 hours' FROM sites WHERE url = $5`,
      [`e2e${randomBytes(8).toString('hex')}`, options.to, options.subject, options.lastError, options.siteUrl],
    );
  } finally {
    await client.end();
  }
}

/** An installation of its own for a test (a product and environment the demo does not use), so no other test's grants or requests touch it; its id. */
export async function createInstallation(options: { appName: string; siteUrl: string }): Promise<string> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set; run the end-to-end tests through `npm test`.');
  const id = `e2e${randomBytes(8).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO installations (id, app_id, site_id, product, environment, app_version, installed_at)
       SELECT $1, a.id, s.id, 'COMPASS', 'DEVELOPMENT', '1.0.0', now() FROM apps a, sites s WHERE a.name = $2 AND s.url = $3`,
      [id, options.appName, options.siteUrl],
    );
  } finally {
    await client.end();
  }
  return id;
}
