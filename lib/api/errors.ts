import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { isDatabaseUnavailable, warnDatabaseUnavailable } from '@/lib/db/database-unavailable';
import { AppError, RETRY_AFTER_SECONDS } from '@/lib/errors';
import { log } from '@/lib/log';
import { describeZodIssues } from '@/lib/validations/zod-issues';

// The one error mapper: every route handler's error becomes a JSON answer
// with the status its AppError code names (lib/errors.ts); zod errors are 400s,
// an unavailable database a 503 with Retry-After, anything else a logged 500.

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

export function errorResponse(error: unknown, requestId?: string): NextResponse {
  if (error instanceof AppError) {
    return NextResponse.json(errorBody(error.code, error.message), { status: error.status, headers: error.headers });
  }
  if (error instanceof ZodError) {
    return NextResponse.json(errorBody('bad_request', describeZodIssues(error)), { status: 400 });
  }
  if (isDatabaseUnavailable(error)) {
    warnDatabaseUnavailable(error, requestId);
    return NextResponse.json(errorBody('unavailable', 'The database is unavailable for a moment; retry shortly.'), {
      status: 503,
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    });
  }
  log.error('unhandled error in route handler', { requestId, error });
  return NextResponse.json(errorBody('internal', 'Something went wrong on our side. The request ID is in the x-request-id header.'), { status: 500 });
}
