// The browser's side of the JSON API: one place that turns the API's error
// body ({ error: { code, message } }) into an Error with that message.

export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
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
  const payload = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!response.ok) {
    throw new ApiCallError(payload?.error?.message ?? `The server answered ${response.status}.`, response.status, payload?.error?.code ?? 'unknown');
  }
  return payload as T;
}
