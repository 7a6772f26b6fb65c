/**
 * Lets pending callbacks run before a long synchronous loop goes on. Ingest
 * parses a thousand lines per request; without a pause now and then, the
 * work queued behind it waits: other batches on the ingest worker, and on
 * the main thread (the demo seed, tests) database replies and the locks
 * their open transactions hold.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Log lines handled between two pauses: about a millisecond of parsing or encoding. */
export const LINES_PER_PAUSE = 100;
