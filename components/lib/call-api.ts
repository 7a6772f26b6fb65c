// The browser's side of the JSON API: one place that turns the API's error
// body ({ error: { code, message, details? } }) into an Error with that message.

/** Where in a request's input the server found the problem (lib/errors.ts ErrorDetails). */
export type ApiErrorDetails = { field: string; column: number; length: number };

export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details: ApiErrorDetails | null = null,
    /** The x-request-id the server answered with: what a person quotes when reporting the failure. */
    readonly requestId: string | null = null,
  ) {
    super(message);
  }
}

export async function callApi<T>(url: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => null)) as { error?: { code: string; message: string; details?: ApiErrorDetails } } | null;
  if (!response.ok) {
    throw new ApiCallError(payload?.error?.message ?? `The server answered ${response.status}.`, response.status, payload?.error?.code ?? 'unknown', payload?.error?.details ?? null, response.headers.get('x-request-id'));
  }
  return payload as T;
}
