/**
 * Lets pending I/O callbacks run before a long synchronous loop goes on.
 * Ingest parses a thousand lines per request; without a pause now and then,
 * other requests' database replies wait behind it, and so do the locks
 * their open transactions hold.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Log lines handled between two pauses: about a millisecond of parsing or encoding. */
export const LINES_PER_PAUSE = 100;
