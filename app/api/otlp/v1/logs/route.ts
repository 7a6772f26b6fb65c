import { apiRoute } from '@/lib/api/route';
import { errorResponse } from '@/lib/api/errors';
import { otlpResponse, PROTOBUF } from '@/lib/api/otlp-response';
import { handleIngest } from '@/lib/ingest/handle-ingest';
import { installationOfRequest } from '@/lib/ingest/request-installation';
import { batchHere } from '@/lib/ingest/check-candidates';
import type { Rejection } from '@/lib/ingest/line-candidate';
import { parseOtlpLogs, parseOtlpLogsProtobuf } from '@/lib/ingest/parse-otlp-logs';
import { requestIdOf } from '@/lib/request-id';

export const dynamic = 'force-dynamic';

function rejectionMessage(rejected: Rejection[]): string {
  return rejected
    .slice(0, 5)
    .map((r) => `record ${r.line}: ${r.error}`)
    .join('; ') + (rejected.length > 5 ? `; and ${rejected.length - 5} more` : '');
}

/**
 * OTLP/HTTP logs, JSON or protobuf, as the OpenTelemetry SDKs and collectors
 * send them (endpoint `/api/otlp`, logs path `/v1/logs`), with an ingest
 * token; answered in the request's encoding. 200 with an empty
 * ExportLogsServiceResponse when every record was stored, with
 * `partialSuccess` when some were rejected; 400 when none could be stored
 * (exporters count any 200 as delivered); a google.rpc.Status on failures.
 */
export const POST = apiRoute(async (request) => {
  const protobuf = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase() === PROTOBUF;
  let response: Response;
  try {
    const installation = installationOfRequest(request);
    const format = protobuf ? 'otlp-protobuf' : 'otlp';
    response = await handleIngest(request, {
      // The request's installation is part of what an Idempotency-Key stands for.
      name: installation ? `${format} ${JSON.stringify(installation)}` : format,
      contentTypes: ['application/json', PROTOBUF],
      // Parsed on this thread: collectors send few, nested records per request.
      parse: async (body, options) => batchHere((protobuf ? parseOtlpLogsProtobuf : parseOtlpLogs)(body, { ...options, installation })),
      answer: (accepted, rejected) => {
        if (rejected.length === 0) return { status: 200, body: {} };
        if (accepted === 0) return { status: 400, body: { error: { code: 'bad_request', message: `No record could be stored: ${rejectionMessage(rejected)}` } } };
        return { status: 200, body: { partialSuccess: { rejectedLogRecords: rejected.length, errorMessage: rejectionMessage(rejected) } } };
      },
    });
  } catch (error) {
    // The one error mapper, then its answer in OTLP's form.
    response = errorResponse(error, requestIdOf(request.headers));
  }
  return otlpResponse(response, protobuf);
});
