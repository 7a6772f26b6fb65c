import { callApi } from '@/components/lib/call-api';

/**
 * The viewer's first reads, started by the server as the logs page rendered
 * (lib/console/start-first-view-reads.ts) and answered within the page's own
 * response. They hold for the view with this lines key, at this API query.
 */
export type FirstView = { key: string; apiQuery: string; page: Promise<unknown>; count: Promise<unknown>; volume: Promise<unknown>; facets: Promise<unknown> };

/** A first read's answer; when the server's read gave none, the API's (which says why a read fails). */
export async function answered<T>(read: Promise<unknown>, url: string, signal?: AbortSignal): Promise<T> {
  // Awaited, not chained: React's promises from the server implement then() but not catch().
  let answer: unknown = null;
  try {
    answer = await read;
  } catch {
    // Not expected (the server resolves a failed read to null); the API answers instead.
  }
  return answer === null || answer === undefined ? callApi<T>(url, { signal }) : (answer as T);
}
