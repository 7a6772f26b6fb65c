import http from 'node:http';

// A Server-Sent Events client on node:http (light, as the bench's other
// clients): each event is handed over with the moment its block was read,
// on the monotonic clock and the wall clock.

export type SseEvent = { event: string; data: unknown; at: number; wallAt: number };

export type SseClient = {
  events: SseEvent[];
  /** Resolves to the first event that passes `match`, or null after `timeoutMs` or when the stream closes first. */
  next: (match: (e: SseEvent) => boolean, timeoutMs: number) => Promise<SseEvent | null>;
  isClosed: () => boolean;
  close: () => void;
};

export function openSse(url: string, headers: Record<string, string>, options: { keep?: (e: SseEvent) => boolean; onEvent?: (e: SseEvent) => void } = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      if (response.statusCode !== 200) {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => reject(new Error(`GET ${url}: ${response.statusCode} ${Buffer.concat(chunks).toString()}`)));
        return;
      }
      response.setEncoding('utf8');
      const events: SseEvent[] = [];
      const waiters = new Set<() => void>();
      let buffered = '';
      let closed = false;
      const wake = () => {
        for (const w of [...waiters]) w();
      };
      response.on('data', (chunk: string) => {
        const at = performance.now();
        const wallAt = Date.now();
        buffered += chunk;
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!event || data === undefined) continue;
          const message: SseEvent = { event, data: JSON.parse(data), at, wallAt };
          options.onEvent?.(message);
          if (options.keep?.(message) ?? true) events.push(message);
        }
        wake();
      });
      const done = () => {
        closed = true;
        wake();
      };
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);

      const next = (match: (e: SseEvent) => boolean, timeoutMs: number) =>
        new Promise<SseEvent | null>((settle) => {
          const check = () => {
            const found = events.find(match);
            if (!found && !closed) return;
            clearTimeout(timer);
            waiters.delete(check);
            settle(found ?? null);
          };
          const timer = setTimeout(() => {
            waiters.delete(check);
            settle(null);
          }, timeoutMs);
          waiters.add(check);
          check();
        });
      resolve({ events, next, isClosed: () => closed, close: () => request.destroy() });
    });
    request.on('error', reject);
  });
}
