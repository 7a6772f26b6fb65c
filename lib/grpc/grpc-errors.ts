import 'server-only';
import { Metadata, status, type ServerErrorResponse } from '@grpc/grpc-js';
import { ZodError } from 'zod';
import { isDatabaseUnavailable, warnDatabaseUnavailable } from '@/lib/db/database-unavailable';
import { AppError, RETRY_AFTER_SECONDS, type ErrorCode } from '@/lib/errors';
import { otlpMessages, RETRY_INFO_TYPE_URL } from '@/lib/ingest/otlp-proto-schema';
import { log } from '@/lib/log';
import { describeZodIssues } from '@/lib/validations/zod-issues';

// The one error mapper of the gRPC edge, as lib/api/errors.ts is of HTTP:
// an AppError's code becomes a gRPC status (OTLP spec, "OTLP/gRPC Response",
// "Failures" and "Throttling"); zod errors are INVALID_ARGUMENT; an
// unavailable database UNAVAILABLE; anything else a logged INTERNAL. What an
// HTTP answer says with Retry-After, a gRPC one says with a
// google.rpc.RetryInfo in the status details (`grpc-status-details-bin`):
// RESOURCE_EXHAUSTED with it is retryable after that delay, without it not.

const codeOf: Record<ErrorCode, status> = {
  bad_request: status.INVALID_ARGUMENT,
  unauthenticated: status.UNAUTHENTICATED,
  forbidden: status.PERMISSION_DENIED,
  not_found: status.NOT_FOUND,
  // An Idempotency-Key whose first request is still being stored: retry it.
  conflict: status.ABORTED,
  // As gRPC refuses a message over its size limit itself; without RetryInfo, not retried.
  payload_too_large: status.RESOURCE_EXHAUSTED,
  unsupported_media_type: status.INVALID_ARGUMENT,
  unprocessable: status.INVALID_ARGUMENT,
  rate_limited: status.RESOURCE_EXHAUSTED,
  unavailable: status.UNAVAILABLE,
};

/** The google.rpc.Status of a failure, with a RetryInfo when the client should come back after `retrySeconds`. */
export function statusDetails(code: status, message: string, retrySeconds?: number): Buffer {
  const details =
    retrySeconds === undefined
      ? []
      : [{ typeUrl: RETRY_INFO_TYPE_URL, value: otlpMessages.retryInfo.encode(otlpMessages.retryInfo.fromObject({ retryDelay: { seconds: retrySeconds } })).finish() }];
  return Buffer.from(otlpMessages.status.encode(otlpMessages.status.fromObject({ code, message, details })).finish());
}

function failure(code: status, message: string, retrySeconds?: number): ServerErrorResponse {
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', statusDetails(code, message, retrySeconds));
  return { name: 'GrpcError', message, code, details: message, metadata };
}

export function grpcErrorOf(error: unknown): ServerErrorResponse {
  if (error instanceof AppError) {
    const retryAfter = error.headers?.['retry-after'];
    const code = error.more.reason === 'paid_apps_only' ? status.PERMISSION_DENIED : codeOf[error.code];
    return failure(code, error.message, retryAfter === undefined ? undefined : Number(retryAfter));
  }
  if (error instanceof ZodError) return failure(status.INVALID_ARGUMENT, describeZodIssues(error));
  if (isDatabaseUnavailable(error)) {
    warnDatabaseUnavailable(error);
    return failure(status.UNAVAILABLE, 'The database is unavailable for a moment; retry shortly.', RETRY_AFTER_SECONDS);
  }
  log.error('unhandled error in a gRPC call', { error });
  return failure(status.INTERNAL, 'Something went wrong on our side.');
}
