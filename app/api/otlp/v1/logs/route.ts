import { apiRoute } from '@/lib/api/route';
import { errorResponse } from '@/lib/api/errors';
import { handleIngestRequest } from '@/lib/api/ingest-request';
import { otlpResponse, PROTOBUF } from '@/lib/api/otlp-response';
import { parseOtlpOffThread } from '@/lib/ingest/ingest-thread';
import { otlpAnswer } from '@/lib/ingest/otlp-answer';
import { installationOfRequest } from '@/lib/ingest/request-installation';
import { requestIdOf } from '@/lib/request-id';

export const dynamic = 'force-dynamic';

/**
 * OTLP/HTTP logs, JSON or protobuf, as the OpenTelemetry SDKs and collectors
 * send them (endpoint `/api/otlp`, logs path `/v1/logs`), with an ingest
 * token; answered in the request's encoding (lib/ingest/otlp-answer.ts),
 * with a google.rpc.Status on failures.
 */
export const POST = apiRoute(async (request) => {
  const protobuf = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase() === PROTOBUF;
  let response: Response;
  try {
    const installation = installationOfRequest(request);
    const format = protobuf ? 'otlp-protobuf' : 'otlp';
    response = await handleIngestRequest(request, {
      // The request's installation is part of what an Idempotency-Key stands for.
      name: installation ? `${format} ${JSON.stringify(installation)}` : format,
      contentTypes: ['application/json', PROTOBUF],
      parse: (body, options) => parseOtlpOffThread(body, { ...options, installation, encoding: protobuf ? 'protobuf' : 'json' }),
      answer: otlpAnswer,
    });
  } catch (error) {
    // The one error mapper, then its answer in OTLP's form.
    response = errorResponse(error, requestIdOf(request.headers));
  }
  return otlpResponse(response, protobuf);
});
