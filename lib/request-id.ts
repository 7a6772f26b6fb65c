// Every request carries an ID: the caller's x-request-id when it sends one,
// a fresh UUID otherwise. It is logged and echoed in the response. Pages get
// it from the proxy; API routes from apiRoute (the proxy skips /api/, whose
// handlers are all wrapped by apiRoute, so that the hot API paths do not pay
// for a middleware pass).

export function requestIdOf(headers: Headers): string {
  return headers.get('x-request-id')?.slice(0, 100) || crypto.randomUUID();
}
