import 'server-only';
import pg from 'pg';
import { grantIsActiveSql } from '@/lib/auth/permissions';
import { serverEnv } from '@/lib/env';
import { log } from '@/lib/log';

// Tells long-running reads (the live tail, exports) the moment an installation
// stops sharing its logs, whichever server made the change.
//
// Every change that can end sharing is announced by a trigger on
// log_access_grants and installations (migration 20261202082000_live_tail) with
// NOTIFY on CHANNEL, whoever writes it: the Admin Hub, an access-request
// decision, the expiry sweep, a script. One dedicated connection per process
// LISTENs (not a pool client: a pooled one goes back to the pool and LISTEN
// would follow it) and is shared by every subscriber; on a notification the
// watcher re-reads the installation's grant and tells the subscribers if it no
// longer shares. Expiry happens by time, not by a write, so each watched
// grant's end date also gets a timer that fires at that instant. A grant whose
// scope changes counts as ended for the reads started under the old scope:
// they end, and start again under the new one.
//
// Notifications sent while the connection is down are lost: after
// reconnecting (with backoff) the watcher re-reads every watched grant. It
// also re-reads them every RECHECK_MS on the same connection, which doubles
// as a check that the connection is still alive.

const CHANNEL = 'logshare_log_access';
export const APPLICATION_NAME = 'logshare-revocation-watcher';
const RECHECK_MS = 30_000;
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5_000;
// Kept open this long after the last subscriber leaves, so tails opened one after another reuse it.
const IDLE_CLOSE_MS = 30_000;
// setTimeout's longest delay; a later end date is re-armed when this fires.
const MAX_TIMER_MS = 2 ** 31 - 1;

type Subscriber = { ids: Set<string>; revoked: Set<string>; onRevoked: (installationId: string) => void; scopes: Map<string, string | null> };
type Sharing = { installationId: string; isShared: boolean; until: Date | null; scope: string | null };

// An installation shares while it is installed, its app is paid and it has an
// active grant (lib/auth/permissions.ts), as lib/console/find-app-log-sources.ts reads it.
const SHARING_SQL = `
  SELECT w.id AS installation_id,
         (i.uninstalled_at IS NULL AND a.is_paid AND g.id IS NOT NULL) AS is_shared, g.expires_at, g.scope::text AS scope
    FROM unnest($1::text[]) AS w(id)
    LEFT JOIN installations i ON i.id = w.id
    LEFT JOIN apps a ON a.id = i.app_id
    LEFT JOIN log_access_grants g ON g.installation_id = w.id AND ${grantIsActiveSql('g', '$2')}`;

export class RevocationWatcher {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly subscribers = new Set<Subscriber>();
  private readonly endTimers = new Map<string, { until: number; timer: NodeJS.Timeout }>();
  private recheckTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private backoffMs = FIRST_BACKOFF_MS;
  // Checks run one at a time on the one connection; ids asked for meanwhile wait here.
  private queued = new Map<string, number>();
  private checking: Promise<void> | null = null;

  constructor(private readonly connectionString: string) {}

  /**
   * Calls onRevoked(installationId), once per installation, when one of them
   * stops sharing (at once if it does not share now). Resolves once the
   * watch is active (listening, grants read); the function it gives ends it.
   */
  async watch(installationIds: string[], onRevoked: (installationId: string) => void): Promise<() => void> {
    const subscriber: Subscriber = { ids: new Set(installationIds), revoked: new Set(), onRevoked, scopes: new Map() };
    this.subscribers.add(subscriber);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const stop = () => {
      if (!this.subscribers.delete(subscriber)) return;
      for (const id of subscriber.ids) if (!this.isWatched(id)) this.clearEndTimer(id);
      if (this.subscribers.size === 0) this.idleTimer = setTimeout(() => this.close(), IDLE_CLOSE_MS).unref();
    };
    try {
      await this.connected();
      // After LISTEN: a change committed before this read is in it, a later one is notified.
      await this.check(installationIds, Date.now());
    } catch (error) {
      stop();
      throw error;
    }
    return stop;
  }

  /** How many subscriptions are active (for tests and health checks). */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Closes the connection and forgets every subscriber. */
  close(): void {
    this.subscribers.clear();
    for (const id of [...this.endTimers.keys()]) this.clearEndTimer(id);
    for (const timer of [this.recheckTimer, this.reconnectTimer, this.idleTimer]) if (timer) clearTimeout(timer);
    this.recheckTimer = this.reconnectTimer = this.idleTimer = null;
    const client = this.client;
    this.client = null;
    client?.end().catch(() => undefined);
  }

  private isWatched(id: string): boolean {
    for (const s of this.subscribers) if (s.ids.has(id)) return true;
    return false;
  }

  private watchedIds(): string[] {
    return [...new Set([...this.subscribers].flatMap((s) => [...s.ids]))];
  }

  private connected(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true, application_name: APPLICATION_NAME,
      statement_timeout: 5_000,
      // A connection that went silent (no RST) fails a check instead of hanging it.
      query_timeout: 10_000,
    });
    // A lost connection must not crash the process: it is replaced.
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload && this.isWatched(message.payload)) void this.check([message.payload], Date.now()).catch(() => undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      client.end().catch(() => undefined);
      throw error;
    }
    if (this.subscribers.size === 0) {
      // close() was called meanwhile: nobody needs this connection.
      client.removeAllListeners('end');
      client.end().catch(() => undefined);
      throw new Error('The log access watcher was closed.');
    }
    this.client = client;
    this.backoffMs = FIRST_BACKOFF_MS;
    this.recheckTimer = setInterval(() => void this.check(this.watchedIds(), Date.now()).catch(() => undefined), RECHECK_MS).unref();
    return client;
  }

  private lost(client: pg.Client, error: Error | null) {
    if (this.client !== client) return;
    this.client = null;
    if (this.recheckTimer) clearInterval(this.recheckTimer);
    this.recheckTimer = null;
    client.end().catch(() => undefined);
    if (this.subscribers.size === 0) return;
    log.warn('log access watcher lost its connection; reconnecting', { error });
    this.scheduleReconnect();
  }

  private scheduleReconnect() {
    if (this.reconnectTimer || this.subscribers.size === 0) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connected()
        // What changed while nobody listened is read now.
        .then(() => this.check(this.watchedIds(), Date.now()))
        .catch((error: unknown) => {
          log.warn('log access watcher could not reconnect', { error });
          this.scheduleReconnect();
        });
    }, delay);
    this.reconnectTimer.unref();
  }

  /** Re-reads the grants of `ids` as of `now` (ms), on the watcher's own connection, and acts on them. */
  private check(ids: string[], now: number): Promise<void> {
    for (const id of ids) this.queued.set(id, Math.max(now, this.queued.get(id) ?? 0));
    this.checking ??= this.drain().finally(() => (this.checking = null));
    return this.checking;
  }

  private async drain(): Promise<void> {
    while (this.queued.size > 0) {
      const batch = this.queued;
      this.queued = new Map();
      const ids = [...batch.keys()];
      let rows: Sharing[];
      try {
        const client = await this.connected();
        const result = await client.query<{ installation_id: string; is_shared: boolean; expires_at: Date | null; scope: string | null }>(SHARING_SQL, [ids, new Date(Math.max(...batch.values()))]);
        rows = result.rows.map((r) => ({ installationId: r.installation_id, isShared: r.is_shared, until: r.expires_at, scope: r.scope }));
      } catch (error) {
        // Taken as a dead connection: replaced, and then every watched grant is read again.
        if (this.client) this.lost(this.client, error as Error);
        throw error;
      }
      for (const sharing of rows) this.apply(sharing);
    }
  }

  private apply({ installationId, isShared, until, scope }: Sharing) {
    if (isShared) {
      for (const s of [...this.subscribers]) {
        if (!s.ids.has(installationId) || s.revoked.has(installationId)) continue;
        const seen = s.scopes.get(installationId);
        if (seen === undefined) s.scopes.set(installationId, scope);
        else if (seen !== scope) {
          s.revoked.add(installationId);
          s.onRevoked(installationId);
        }
      }
    }
    if (!isShared) {
      this.clearEndTimer(installationId);
      for (const s of [...this.subscribers]) {
        if (!s.ids.has(installationId) || s.revoked.has(installationId)) continue;
        s.revoked.add(installationId);
        s.onRevoked(installationId);
      }
      return;
    }
    const at = until?.getTime() ?? null;
    if (at === this.endTimers.get(installationId)?.until) return;
    this.clearEndTimer(installationId);
    if (at === null) return;
    const delay = Math.max(0, at - Date.now());
    // Checked as of the end date itself, so a timer that fires a little early still ends it.
    const timer = setTimeout(() => {
      this.endTimers.delete(installationId);
      void this.check([installationId], delay <= MAX_TIMER_MS ? Math.max(Date.now(), at) : Date.now()).catch(() => undefined);
    }, Math.min(delay, MAX_TIMER_MS));
    timer.unref();
    this.endTimers.set(installationId, { until: at, timer });
  }

  private clearEndTimer(id: string) {
    const entry = this.endTimers.get(id);
    if (entry) clearTimeout(entry.timer);
    this.endTimers.delete(id);
  }
}

const cache = globalThis as unknown as { logshareRevocationWatcher?: RevocationWatcher };

/** The process's one watcher, on DATABASE_URL. */
export function revocationWatcher(): RevocationWatcher {
  return (cache.logshareRevocationWatcher ??= new RevocationWatcher(serverEnv().DATABASE_URL));
}

/** revocationWatcher().watch: calls onRevoked(installationId) when one of them stops sharing; resolves, once active, to the function that ends the watch. */
export function watchRevocations(installationIds: string[], onRevoked: (installationId: string) => void): Promise<() => void> {
  return revocationWatcher().watch(installationIds, onRevoked);
}
