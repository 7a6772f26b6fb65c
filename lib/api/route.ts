import 'server-only';
import { NextRequest } from 'next/server';
import { errorResponse } from '@/lib/api/errors';
import { AppError } from '@/lib/errors';
import { serverEnv } from '@/lib/env';
import { readCapped } from '@/lib/api/read-capped-body';
import { log } from '@/lib/log';
import { requestIdOf } from '@/lib/request-id';
import { clientAddressOf, reachedOverHttps } from '@/lib/api/client-headers';
import { STRICT_TRANSPORT_SECURITY } from '@/lib/api/security-headers';
import { assertJsonBody, assertSameOriginWrite } from '@/lib/api/same-origin-writes';
import type { RequestMeta } from '@/lib/request-meta';

// Every route handler is wrapped by apiRoute: it gives the request its ID
// (logged, and echoed in x-request-id), refuses a browser's write from another
// origin (lib/api/same-origin-writes.ts), awaits the route params, sends
// any error through the one error mapper, adds HSTS over https, and says in
// Server-Timing how long the handler took until its response (or its first
// byte) was ready.

type Context<P> = { params: Promise<P> };

export function apiRoute<P = Record<string, never>>(handler: (request: Request, params: P) => Promise<Response>) {
  return async (request: Request, context: Context<P>): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdOf(request.headers);
    log.info('request', { requestId, method: request.method, path: new URL(request.url).pathname });
    let response: Response;
    let https = false;
    try {
      const publicUrl = serverEnv().NEXTAUTH_URL;
      https = reachedOverHttps(request.headers, publicUrl);
      assertSameOriginWrite(request, new URL(publicUrl).origin);
      response = await handler(request, await context.params);
    } catch (error) {
      response = errorResponse(error, requestId);
    }
    return withHeaders(response, {
      'x-request-id': requestId,
      'server-timing': `app;dur=${(performance.now() - started).toFixed(2)}`,
      ...(https ? { 'strict-transport-security': STRICT_TRANSPORT_SECURITY } : {}),
    });
  };
}

/** Sets headers on a response; one whose headers are immutable (Response.redirect, a fetched one) is copied first. */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  let target = response;
  try {
    for (const [name, value] of Object.entries(headers)) target.headers.set(name, value);
  } catch {
    target = new Response(response.body, response);
    for (const [name, value] of Object.entries(headers)) target.headers.set(name, value);
  }
  return target;
}

/** The API's JSON bodies are small objects: a larger one is a 413 before it is held in memory. */
export const MAX_JSON_BODY_BYTES = 65_536;

/** A small request body (a JSON object, a form) as text: one larger than MAX_JSON_BODY_BYTES is a 413 before it is held in memory. */
export async function readSmallBodyText(request: Request): Promise<string> {
  const tooLarge = () => new AppError('payload_too_large', `The body is larger than ${MAX_JSON_BODY_BYTES} bytes.`);
  return (await readCapped(request, MAX_JSON_BODY_BYTES, tooLarge)).toString('utf8');
}

/**
 * The request again with `body` (already read) as its body, for a handler
 * that reads it after us: a clone would tee the stream, holding the whole
 * body however large and hanging on one never sent. A NextRequest, as Next
 * hands requests in (next-auth reads its nextUrl).
 */
export function withBodyText(request: Request, body: string): Request {
  return new NextRequest(request.url, { method: request.method, headers: request.headers, body });
}

/** The request body as JSON: another Content-Type is a 415, a larger body a 413, a body that is not JSON a 400, never a 500. */
export async function readJson(request: Request): Promise<unknown> {
  assertJsonBody(request);
  const text = await readSmallBodyText(request);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.');
  }
}

/**
 * Runs `first` and `second` at once, but settles as if one after the other: a
 * failure of `first` wins, and `second`'s outcome is then dropped. For a read
 * that does not depend on who asks, started while the caller is authenticated.
 */
export async function concurrently<A, B>(first: () => Promise<A>, second: () => Promise<B>): Promise<[A, B]> {
  const a = Promise.resolve().then(first);
  const b = Promise.resolve().then(second);
  b.catch(() => undefined); // handled by the await below, or dropped when `first` fails
  return [await a, await b];
}

/** Who sent the request, for the audit trail: the address the portal's server resolved (TRUSTED_PROXIES), never a client's claim. */
export function requestMeta(request: Request): RequestMeta {
  return requestMetaOf(request.headers);
}

/** requestMeta from the headers alone: a page's (next/headers), which has no Request. */
export function requestMetaOf(headers: Pick<Headers, 'get'>): RequestMeta {
  return {
    ipAddress: clientAddressOf(headers),
    userAgent: headers.get('user-agent')?.slice(0, 512) ?? null,
  };
}
