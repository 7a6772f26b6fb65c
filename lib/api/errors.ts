import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { isDatabaseUnavailable, warnDatabaseUnavailable } from '@/lib/db/database-unavailable';
import { AppError, RETRY_AFTER_SECONDS, type ErrorDetails } from '@/lib/errors';
import { log } from '@/lib/log';
import { describeZodIssues } from '@/lib/validations/zod-issues';

// The one error mapper: every route handler's error becomes a JSON answer
// with the status its AppError code names (lib/errors.ts) and, where it has
// them, details of where the input went wrong; zod errors are 400s,
// an unavailable database a 503 with Retry-After, anything else a logged 500.

export function errorBody(code: string, message: string, details?: ErrorDetails) {
  return { error: details ? { code, message, details } : { code, message } };
}

/** A zod issue may say where in its input the problem is (the search query's parser does). */
function zodIssueDetails(error: ZodError): ErrorDetails | undefined {
  for (const issue of error.issues) {
    const params = issue.code === 'custom' ? (issue.params as Partial<ErrorDetails> | undefined) : undefined;
    if (typeof params?.column === 'number' && typeof params.length === 'number') return { field: issue.path.join('.'), column: params.column, length: params.length };
  }
  return undefined;
}

export function errorResponse(error: unknown, requestId?: string): NextResponse {
  if (error instanceof AppError) {
    return NextResponse.json(errorBody(error.code, error.message, error.more.details), { status: error.status, headers: error.headers });
  }
  if (error instanceof ZodError) {
    return NextResponse.json(errorBody('bad_request', describeZodIssues(error), zodIssueDetails(error)), { status: 400 });
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
