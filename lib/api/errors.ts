import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '@/lib/db/database-unavailable';
import { log } from '@/lib/log';

// One error type for the whole server and one mapper for route handlers:
// domain code throws AppError(code), handlers end in `catch (e) { return errorResponse(e) }`.

export type ErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable';

const statusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return statusOf[this.code];
  }
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

export function errorResponse(error: unknown, requestId?: string): NextResponse {
  if (error instanceof AppError) {
    return NextResponse.json(errorBody(error.code, error.message), { status: error.status, headers: error.headers });
  }
  if (error instanceof ZodError) {
    const message = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    return NextResponse.json(errorBody('bad_request', message), { status: 400 });
  }
  if (isDatabaseUnavailable(error)) {
    warnUnavailable(error, requestId);
    return NextResponse.json(errorBody('unavailable', 'The database is unavailable for a moment; retry shortly.'), {
      status: 503,
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    });
  }
  log.error('unhandled error in route handler', { requestId, error });
  return NextResponse.json(errorBody('internal', 'Something went wrong on our side. The request ID is in the x-request-id header.'), { status: 500 });
}

/** What a 503 for an unavailable database asks clients to wait: about as long as an embedded PostgreSQL takes to restart. */
export const RETRY_AFTER_SECONDS = 2;
const WARN_EVERY_MS = 10_000;
let lastWarning = 0;
let unwarned = 0;

/** One warning per ten seconds, with how many failures it stands for, not one error per request in an outage. */
function warnUnavailable(error: unknown, requestId?: string) {
  const now = Date.now();
  if (now - lastWarning < WARN_EVERY_MS) {
    unwarned += 1;
    return;
  }
  log.warn('the database is unavailable; answering 503', { requestId, error: error instanceof Error ? error.message : String(error), alsoFailedSinceLastWarning: unwarned });
  lastWarning = now;
  unwarned = 0;
}
