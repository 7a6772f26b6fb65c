import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { share } from '@/lib/test-support/tail';
import { pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { APPLICATION_NAME, RevocationWatcher } from '@/lib/log-access/revocation-watcher';
import { installationId } from '@/lib/test-support/demo-lookups';

// The watcher on its own, as an export or a tail on one server uses it;
// grants are changed through other connections (another server).

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the installation ids revoked, as they come. */
function revocations() {
  const seen: string[] = [];
  let wake: (() => void) | null = null;
  return {
    seen,
    onRevoked: (id: string) => {
      seen.push(id);
      wake?.();
    },
    /** Waits up to `ms` for `id` (a bound for a test that fails, not a timing claim). */
    async waitFor(id: string, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (!seen.includes(id) && Date.now() < deadline) await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, 50)));
      return seen.includes(id);
    },
  };
}

const listenerPids = async () =>
  (await pgPool().query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [APPLICATION_NAME])).rows.map((r) => r.pid);

describe('RevocationWatcher', () => {
  let acme: string;
  let acmeEu: string;
  let elsewhere: pg.Pool;
  const watchers: RevocationWatcher[] = [];
  const newWatcher = () => {
    const watcher = new RevocationWatcher(process.env.TEST_DATABASE_URL!);
    watchers.push(watcher);
    return watcher;
  };
  const revoke = (id: string) => elsewhere.query('UPDATE log_access_grants SET disabled_at = now() WHERE installation_id = $1 AND disabled_at IS NULL', [id]);

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 100, reset: true });
    acme = await installationId('Timesheet Pro', 'acme.atlassian.net');
    acmeEu = await installationId('Timesheet Pro', 'acme-eu.atlassian.net');
    elsewhere = new pg.Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 2 });
  });
  afterEach(async () => {
    for (const watcher of watchers.splice(0)) watcher.close();
    await share(acme);
    await share(acmeEu);
  });
  afterAll(() => elsewhere.end());

  it('tells only the subscribers of the installation that stopped sharing, once, and at once when it does not share at the start', async () => {
    await share(acme);
    await share(acmeEu);
    const watcher = newWatcher();
    const forAcme = revocations();
    const forEu = revocations();
    await watcher.watch([acme], forAcme.onRevoked);
    await watcher.watch([acmeEu], forEu.onRevoked);
    await revoke(acme);
    expect(await forAcme.waitFor(acme)).toBe(true);
    // A second change to the same installation is not a second revocation.
    await elsewhere.query('DELETE FROM log_access_grants WHERE installation_id = $1', [acme]);
    await sleep(200);
    expect(forAcme.seen).toEqual([acme]);
    expect(forEu.seen).toEqual([]);

    const late = revocations();
    await watcher.watch([acme], late.onRevoked);
    expect(late.seen).toEqual([acme]);
  });

  it('ignores a change that is rolled back, and ends at the end date when one is set', async () => {
    await share(acme);
    const watcher = newWatcher();
    const seen = revocations();
    await watcher.watch([acme], seen.onRevoked);
    const client = await elsewhere.connect();
    try {
      await client.query('BEGIN');
      await client.query('UPDATE log_access_grants SET disabled_at = now() WHERE installation_id = $1 AND disabled_at IS NULL', [acme]);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    const until = Date.now() + 700;
    await elsewhere.query('UPDATE log_access_grants SET expires_at = $2 WHERE installation_id = $1 AND disabled_at IS NULL', [acme, new Date(until)]);
    expect(await seen.waitFor(acme)).toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual(until);
    expect(seen.seen).toEqual([acme]);
  });

  it('reconnects when its connection is terminated, catches what changed meanwhile, and hears later changes', async () => {
    await share(acme);
    await share(acmeEu);
    const watcher = newWatcher();
    const seen = revocations();
    await watcher.watch([acme, acmeEu], seen.onRevoked);
    const [pid] = await listenerPids();
    expect(pid).toBeDefined();

    // Killed by the transaction that revokes a grant, so its NOTIFY (sent at commit) finds no listener:
    // the re-read after reconnecting finds the revocation.
    const client = await elsewhere.connect();
    try {
      await client.query('BEGIN');
      await client.query('UPDATE log_access_grants SET disabled_at = now() WHERE installation_id = $1 AND disabled_at IS NULL', [acme]);
      await client.query('SELECT pg_terminate_backend($1)', [pid]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await seen.waitFor(acme)).toBe(true);

    // A new connection listens, and a later revoke arrives by NOTIFY.
    const deadline = Date.now() + 10_000;
    while (!(await listenerPids()).some((p) => p !== pid) && Date.now() < deadline) await sleep(50);
    expect((await listenerPids()).filter((p) => p !== pid)).toHaveLength(1);
    await revoke(acmeEu);
    expect(await seen.waitFor(acmeEu)).toBe(true);
    expect(seen.seen).toEqual([acme, acmeEu]);
  });

  it('rejects a watch when the database cannot be reached, and keeps nothing of it', async () => {
    const watcher = new RevocationWatcher('postgresql://postgres@127.0.0.1:1/none');
    await expect(watcher.watch([acme], () => undefined)).rejects.toThrow();
    expect(watcher.subscriberCount).toBe(0);
    watcher.close();
  });
});
