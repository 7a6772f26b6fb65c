import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';

// Vendor access on a database that prepareDatabase (measure-ingest.ts) made:
// a developer of its vendor with a personal API token, and grants opened and
// closed by plain SQL, as another server (or the Admin Hub of one) would.

/** A developer of the ingest app's vendor and an API token (lsk_…) for them. */
export async function addVendorDeveloper(client: pg.ClientBase): Promise<string> {
  const secret = `lsk_${randomBytes(32).toString('base64url')}`;
  await client.query(`INSERT INTO users (id, email, name, updated_at) VALUES ('bi_dev', 'dev@ingest.example', 'Bench Developer', now())`);
  await client.query(`INSERT INTO vendor_members (id, vendor_id, user_id, role) VALUES ('bi_dev_member', 'bi_vendor', 'bi_dev', 'DEVELOPER')`);
  await client.query(`INSERT INTO api_tokens (id, user_id, name, token_hash, prefix) VALUES ('bi_api_token', 'bi_dev', 'bench', $1, $2)`, [
    createHash('sha256').update(secret).digest('hex'),
    secret.slice(0, 12),
  ]);
  return secret;
}

/** Opens a grant for the installation unless one is open (ended ones, past their end date, are closed first). */
export async function share(client: pg.ClientBase, installationId: string, expiresAt: Date | null = null) {
  await client.query('UPDATE log_access_grants SET disabled_at = expires_at WHERE installation_id = $1 AND disabled_at IS NULL AND expires_at <= now()', [installationId]);
  await client.query(
    `INSERT INTO log_access_grants (id, installation_id, source, expires_at)
     SELECT gen_random_uuid()::text, $1, 'ADMIN', $2
      WHERE NOT EXISTS (SELECT 1 FROM log_access_grants WHERE installation_id = $1 AND disabled_at IS NULL)`,
    [installationId, expiresAt],
  );
}

/** Stops sharing, as the Admin Hub's switch does. */
export async function revoke(client: pg.ClientBase, installationId: string) {
  await client.query('UPDATE log_access_grants SET disabled_at = now() WHERE installation_id = $1 AND disabled_at IS NULL', [installationId]);
}

/** Moves the open grant's end date. */
export async function endSharingAt(client: pg.ClientBase, installationId: string, until: Date) {
  await client.query('UPDATE log_access_grants SET expires_at = $2 WHERE installation_id = $1 AND disabled_at IS NULL', [installationId, until]);
}
