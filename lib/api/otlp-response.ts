import 'server-only';
import { otlpMessages } from '@/lib/ingest/otlp-proto-schema';

// OTLP/HTTP answers (spec: "Full Success", "Partial Success", "Failures"):
// the body is in the request's encoding, an ExportLogsServiceResponse on
// success and a google.rpc.Status on failure. The portal's ingest steps and
// its one error mapper answer in JSON; this turns their answer into OTLP's,
// keeping the status and headers.

export const PROTOBUF = 'application/x-protobuf';

/** google.rpc.Code for an HTTP status, as the gRPC/HTTP mapping pairs them. */
function rpcCodeOf(status: number): number {
  const codes: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 409: 6, 413: 3, 415: 3, 422: 3, 429: 8, 503: 14 };
  return codes[status] ?? 13;
}

type JsonAnswer = { partialSuccess?: { rejectedLogRecords: number; errorMessage: string }; error?: { code: string; message: string } };

/**
 * The OTLP form of a JSON answer. A failure's JSON body is a google.rpc.Status
 * (`code`, `message`) that also keeps the portal's `error: { code, message }`.
 */
export async function otlpResponse(response: Response, protobuf: boolean): Promise<Response> {
  const answer = (await response.json()) as JsonAnswer;
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  const failed = response.status >= 400;
  const status = failed ? { code: rpcCodeOf(response.status), message: answer.error?.message ?? '' } : null;
  if (!protobuf) {
    return Response.json(status ? { ...status, error: answer.error } : answer, { status: response.status, headers });
  }
  headers.set('content-type', PROTOBUF);
  const bytes = status
    ? otlpMessages.status.encode(otlpMessages.status.fromObject(status)).finish()
    : otlpMessages.exportResponse.encode(otlpMessages.exportResponse.fromObject(answer)).finish();
  return new Response(Buffer.from(bytes), { status: response.status, headers });
}
