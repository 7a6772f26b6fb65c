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
export async function createInstallation(options: { appName: string; siteUrl: string; replacing?: boolean }): Promise<string> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set; run the end-to-end tests through `npm test`.');
  const id = `e2e${randomBytes(8).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // `replacing`: one a previous run on this database made goes first (with its lines and grants), so the test can run again.
    if (options.replacing) {
      await client.query(
        `DELETE FROM installations WHERE id LIKE 'e2e%' AND product = 'COMPASS' AND environment = 'DEVELOPMENT'
            AND app_id = (SELECT id FROM apps WHERE name = $1) AND site_id = (SELECT id FROM sites WHERE url = $2)`,
        [options.appName, options.siteUrl],
      );
    }
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

/**
 * An organization, site and organization admin of their own (so no other
 * test's rows land in its audit log), with `rows` grant changes a minute
 * apart from `start`, a vendor's session of `sessionReads` page reads and
 * one unmasked download with its receipt, all in the minutes after them.
 */
export async function createAuditSite(options: { password: string; rows: number; sessionReads: number; start: Date }): Promise<{ email: string; siteUrl: string; siteId: string; sha256: string }> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set; run the end-to-end tests through `npm test`.');
  const { email } = await createUser({ name: 'Audrey Auditor', password: options.password });
  const tag = randomBytes(4).toString('hex');
  const siteUrl = `audit-${tag}.atlassian.net`;
  const sha256 = randomBytes(32).toString('hex');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const organizationId = `e2eorg${tag}`;
    const siteId = `e2esite${tag}`;
    await client.query(`INSERT INTO organizations (id, name, slug, created_at) VALUES ($1, $2, $3, now())`, [organizationId, `Audit ${tag}`, `audit-${tag}`]);
    await client.query(`INSERT INTO sites (id, organization_id, url, created_at) VALUES ($1, $2, $3, now())`, [siteId, organizationId, siteUrl]);
    await client.query(
      `INSERT INTO memberships (id, user_id, organization_id, role, created_at) SELECT $1, id, $2, 'ORG_ADMIN', now() FROM users WHERE email = $3`,
      [`e2emem${tag}`, organizationId, email],
    );
    const start = options.start.getTime();
    await client.query(
      `INSERT INTO audit_events (occurred_at, action, actor_user_id, actor_label, organization_id, site_id, installation_id, details, ip_address)
       SELECT $3::timestamptz + make_interval(mins => i), CASE WHEN i % 2 = 0 THEN 'LOG_ACCESS_ENABLED' ELSE 'LOG_ACCESS_DISABLED' END::"AuditAction",
              (SELECT id FROM users WHERE email = $4), 'Audrey Auditor (' || $4 || ')', $1, $2, 'e2einst' || $5, jsonb_build_object('appName', 'Timesheet Pro', 'expiresAt', NULL), '203.0.113.' || (i % 250)
         FROM generate_series(0, $6::int - 1) AS i`,
      [organizationId, siteId, options.start, email, tag, options.rows],
    );
    const after = new Date(start + options.rows * 60_000);
    await client.query(
      `INSERT INTO audit_events (occurred_at, action, actor_user_id, actor_label, organization_id, site_id, installation_id, vendor_id, details, ip_address)
       SELECT $3::timestamptz + make_interval(mins => 2 * i), 'VENDOR_LOGS_READ', 'e2evendordev' || $5, 'Dana Developer (dana@lumen.example)', $1, $2, 'e2einst' || $5, 'e2evendor',
              jsonb_build_object('appName', 'Timesheet Pro', 'kind', 'page', 'lines', 100 + i, 'from', '2026-06-01T00:00:00.000Z', 'to', '2026-06-02T00:00:00.000Z'), '198.51.100.9'
         FROM generate_series(0, $4::int - 1) AS i`,
      [organizationId, siteId, after, options.sessionReads, tag],
    );
    await client.query(
      `INSERT INTO audit_events (occurred_at, action, actor_user_id, actor_label, organization_id, site_id, installation_id, details, ip_address)
       VALUES ($3::timestamptz, 'LOGS_DOWNLOADED', (SELECT id FROM users WHERE email = $4), 'Audrey Auditor (' || $4 || ')', $1, $2, 'e2einst' || $5,
               jsonb_build_object('appName', 'Timesheet Pro', 'kind', 'export', 'lines', 1234, 'bytes', 98765, 'format', 'csv', 'masked', false, 'completed', true,
                                  'sha256', $6::text, 'from', '2026-06-01T00:00:00.000Z', 'to', '2026-06-08T00:00:00.000Z'), '203.0.113.1')`,
      [organizationId, siteId, new Date(after.getTime() + 2 * options.sessionReads * 60_000 + 60_000), email, tag, sha256],
    );
    return { email, siteUrl, siteId, sha256 };
  } finally {
    await client.end();
  }
}

/**
 * An organization and site of their own with Release Radar (Globex, paid)
 * installed, an organization admin and a site admin: e2e/webhooks.spec.ts's
 * endpoint then receives only the events its own test makes.
 */
export async function createWebhookOrganization(options: { password: string }): Promise<{ adminEmail: string; siteAdminEmail: string; siteUrl: string; organizationId: string }> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set; run the end-to-end tests through `npm test`.');
  const { email: adminEmail } = await createUser({ name: 'Wendy Webhook', password: options.password });
  const { email: siteAdminEmail } = await createUser({ name: 'Sid Siteadmin', password: options.password });
  const tag = randomBytes(4).toString('hex');
  const organizationId = `e2eorg${tag}`;
  const siteId = `e2esite${tag}`;
  const siteUrl = `hooks-${tag}.atlassian.net`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`INSERT INTO organizations (id, name, slug, created_at) VALUES ($1, $2, $3, now())`, [organizationId, `Hooks ${tag}`, `hooks-${tag}`]);
    await client.query(`INSERT INTO sites (id, organization_id, url, created_at) VALUES ($1, $2, $3, now())`, [siteId, organizationId, siteUrl]);
    await client.query(
      `INSERT INTO memberships (id, user_id, organization_id, site_id, role, created_at)
       SELECT $1, id, $2, NULL, 'ORG_ADMIN'::"OrgRole", now() FROM users WHERE email = $3
       UNION ALL SELECT $4, id, $2, $5, 'SITE_ADMIN'::"OrgRole", now() FROM users WHERE email = $6`,
      [`e2emem${tag}a`, organizationId, adminEmail, `e2emem${tag}s`, siteId, siteAdminEmail],
    );
    await client.query(
      `INSERT INTO installations (id, app_id, site_id, product, environment, app_version, installed_at)
       SELECT $1, a.id, $2, 'JIRA', 'PRODUCTION', '3.2.0', now() FROM apps a WHERE a.name = 'Release Radar'`,
      [`e2einst${tag}`, siteId],
    );
    return { adminEmail, siteAdminEmail, siteUrl, organizationId };
  } finally {
    await client.end();
  }
}

/**
 * An organization with one site, its organization admin (a new person) and
 * an installation of the app there, so a test's grants, requests and e-mails
 * touch nothing another test looks at.
 */
export async function createSiteWithApp(options: { appName: string; password: string; tag: string }): Promise<{ adminEmail: string; siteUrl: string; installationId: string }> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set; run the end-to-end tests through `npm test`.');
  const { email } = await createUser({ name: 'Nora Notices', password: options.password });
  const tag = `${options.tag}-${randomBytes(3).toString('hex')}`;
  const siteUrl = `${tag}.atlassian.net`;
  const installationId = `e2einst${randomBytes(8).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`INSERT INTO organizations (id, name, slug, created_at) VALUES ($1, $2, $3, now())`, [`e2eorg${tag}`, `Notices ${tag}`, `notices-${tag}`]);
    await client.query(`INSERT INTO sites (id, organization_id, url, created_at) VALUES ($1, $2, $3, now())`, [`e2esite${tag}`, `e2eorg${tag}`, siteUrl]);
    await client.query(`INSERT INTO memberships (id, user_id, organization_id, role, created_at) SELECT $1, id, $2, 'ORG_ADMIN', now() FROM users WHERE email = $3`, [
      `e2emem${tag}`,
      `e2eorg${tag}`,
      email,
    ]);
    await client.query(
      `INSERT INTO installations (id, app_id, site_id, product, environment, app_version, installed_at)
       SELECT $1, a.id, $2, 'JIRA', 'PRODUCTION', '1.0.0', now() FROM apps a WHERE a.name = $3`,
      [installationId, `e2esite${tag}`, options.appName],
    );
  } finally {
    await client.end();
  }
  return { adminEmail: email, siteUrl, installationId };
}

/** Brings the installation's open grant to its end now, as if its end date had come (the test cannot wait for it). */
export async function reachGrantEnd(installationId: string): Promise<void> {
  await query(`UPDATE log_access_grants SET expires_at = now() WHERE installation_id = $1 AND disabled_at IS NULL`, [installationId]);
}

/** How many vendor reads the audit trail holds for the installation. */
export async function countVendorReads(installationId: string): Promise<number> {
  const rows = await query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE installation_id = $1 AND action = 'VENDOR_LOGS_READ'`, [installationId]);
  return rows[0]!.n;
}

async function query<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set; run the end-to-end tests through `npm test`.');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
