import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { hashPassword } from '@/lib/auth/password';
import { BUSY_INSTALLATION } from './seed-plan';

// The developer console's side of the bench data, added to any seed (old
// seeds lack it) without re-seeding: the busy installation's app shares its
// logs from SHARED_SITES installations (open grants), the vendor has a
// DEVELOPER member, and that member gets a fresh API token on every run.

export const DEV_EMAIL = 'bench-dev@bench.example';
export const DEV_PASSWORD = 'bench-password';
const DEV_ID = 'cbenchdeveloper0000000001';
const TOKEN_ID = 'cbenchapitoken00000000001';
/** The seed gives app k the installations k, k + 10, k + 20, ... (one per site); the first ones share. */
const SHARED_SITES = 5;

export type ConsoleFixture = { appId: string; installationIds: string[]; token: string; userId: string };

export async function prepareConsole(databaseUrl: string): Promise<ConsoleFixture> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ app_id: string; vendor_id: string }>(
      'SELECT i.app_id, a.vendor_id FROM installations i JOIN apps a ON a.id = i.app_id WHERE i.id = $1',
      [BUSY_INSTALLATION],
    );
    const app = rows[0];
    if (!app) throw new Error('the busy installation is missing');
    const shared = await client.query<{ id: string }>('SELECT id FROM installations WHERE app_id = $1 ORDER BY id LIMIT $2', [app.app_id, SHARED_SITES]);
    const installationIds = shared.rows.map((r) => r.id);
    // Same id as lib/api-tokens/api-tokens.ts: lsk_ + 32 random bytes, stored as its SHA-256 (hashToken).
    const token = `lsk_${randomBytes(32).toString('base64url')}`;

    await client.query('BEGIN');
    const { rowCount } = await client.query('SELECT 1 FROM users WHERE id = $1', [DEV_ID]);
    if (!rowCount) {
      await client.query("INSERT INTO users (id, email, name, password_hash, updated_at) VALUES ($1, $2, 'Bench Developer', $3, now())", [
        DEV_ID,
        DEV_EMAIL,
        await hashPassword(DEV_PASSWORD),
      ]);
    }
    await client.query(
      `INSERT INTO vendor_members (id, vendor_id, user_id, role) VALUES ('cbenchvendormember0000001', $1, $2, 'DEVELOPER')
       ON CONFLICT (vendor_id, user_id) DO UPDATE SET role = 'DEVELOPER'`,
      [app.vendor_id, DEV_ID],
    );
    await client.query(
      `INSERT INTO log_access_grants (id, installation_id, source, enabled_at)
       SELECT 'cbenchgrant' || right(i, 14), i, 'ADMIN', now() FROM unnest($1::text[]) AS i
       ON CONFLICT (installation_id) WHERE disabled_at IS NULL DO NOTHING`,
      [installationIds],
    );
    await client.query("UPDATE log_access_grants SET expires_at = NULL WHERE installation_id = ANY($1) AND disabled_at IS NULL", [installationIds]);
    await client.query(
      `INSERT INTO api_tokens (id, user_id, name, token_hash, prefix) VALUES ($1, $2, 'bench', $3, $4)
       ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, prefix = excluded.prefix, expires_at = NULL, revoked_at = NULL, last_used_at = NULL`,
      [TOKEN_ID, DEV_ID, createHash('sha256').update(token).digest('hex'), token.slice(0, 12)],
    );
    await client.query('COMMIT');
    return { appId: app.app_id, installationIds, token, userId: DEV_ID };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
