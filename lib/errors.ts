// The one error type of the server. Domain code, the ingest worker and pure
// parsers throw AppError(code); only the HTTP edge (lib/api/errors.ts) turns
// it into a response, so this module imports nothing of Next.

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

/**
 * What a code alone does not tell, for a protocol whose codes draw other lines:
 * a free app's request is a 422 over HTTP (well-formed, not processable) but
 * PERMISSION_DENIED over gRPC.
 */
export type ErrorReason = 'paid_apps_only';

/** Where in an input the problem is: the parameter, a 1-based column and how many characters. */
export type ErrorDetails = { field: string; column: number; length: number };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers?: Record<string, string>,
    /** `reason`: what the code alone does not tell another protocol; `details`: machine-readable facts for the answer's error.details (where in a query the problem is). */
    readonly more: { reason?: ErrorReason; details?: ErrorDetails } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return statusOf[this.code];
  }
}

/** What a 503 for an unavailable database asks clients to wait: about as long as an embedded PostgreSQL takes to restart. */
export const RETRY_AFTER_SECONDS = 2;
