import { GET as tailRoute } from '@/app/api/v1/apps/[appId]/logs/tail/route';
import { pgPool } from '@/lib/db/prisma';

// Helpers for the live tail's integration tests: sharing switched on and off
// by plain SQL (as another server or a script would), and a client reading
// the tail's event stream through the route handler.

/** Opens a grant for the installation unless one is open. */
export async function share(installationId: string, expiresAt: Date | null = null) {
  await pgPool().query(
    `INSERT INTO log_access_grants (id, installation_id, source, expires_at)
     SELECT gen_random_uuid()::text, $1, 'ADMIN', $2
      WHERE NOT EXISTS (SELECT 1 FROM log_access_grants WHERE installation_id = $1 AND disabled_at IS NULL)`,
    [installationId, expiresAt],
  );
}

export type SseMessage = { event: string; data: unknown; at: number };

/** A client of GET /api/v1/apps/{appId}/logs/tail: its events as they arrive, with the time each came. */
export async function openTail(appId: string, token: string, query = '') {
  const response = await tailRoute(new Request(`http://127.0.0.1/api/v1/apps/${appId}/logs/tail${query}`, { headers: { authorization: `Bearer ${token}` } }), {
    params: Promise.resolve({ appId }),
  });
  if (response.status !== 200) throw new Error(`tail answered ${response.status}: ${await response.text()}`);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseMessage[] = [];
  // Wakes whoever waits in until().
  const arrival = { notify: () => undefined as void };
  let buffered = '';
  let closed = false;
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data), at: performance.now() });
      }
      arrival.notify();
    }
    closed = true;
    arrival.notify();
  })();

  /** Waits until `done(events)` holds, the stream closes, or nothing arrives for `quietMs`. */
  async function until(done: (events: SseMessage[]) => boolean, quietMs = 10_000): Promise<SseMessage[]> {
    while (!done(events) && !closed) {
      const arrived = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), quietMs);
        arrival.notify = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      arrival.notify = () => undefined;
      if (!arrived) break;
    }
    return events;
  }

  return {
    events,
    until,
    isClosed: () => closed,
    /** The client goes away. */
    async cancel() {
      await reader.cancel();
      await reading;
    },
  };
}

/** Lines of a `lines` event. */
export const linesOf = (events: SseMessage[]) => events.filter((e) => e.event === 'lines').flatMap((e) => e.data as { message: string; installationId: string; timestamp: string }[]);
