import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '@/lib/db/databases';

/** A database of its own on the test server, for tests that change the schema. */
export async function scratchDatabase(purpose: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `logshare_scratch_${purpose}_${randomBytes(4).toString('hex')}`;
  const url = await ensureDatabase(serverUrl, name);
  return { url, drop: () => dropDatabase(serverUrl, name) };
}
