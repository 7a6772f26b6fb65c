import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
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
  log.error('unhandled error in route handler', { requestId, error });
  return NextResponse.json(errorBody('internal', 'Something went wrong on our side. The request ID is in the x-request-id header.'), { status: 500 });
}
