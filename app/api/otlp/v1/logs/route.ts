import { apiRoute } from '@/lib/api/route';
import { handleIngest } from '@/lib/ingest/handle-ingest';
import { batchHere } from '@/lib/ingest/check-candidates';
import { parseOtlpLogs } from '@/lib/ingest/parse-otlp-logs';

export const dynamic = 'force-dynamic';

/**
 * OTLP/HTTP JSON logs, as the OpenTelemetry SDKs and collectors send them
 * (endpoint `/api/otlp`, logs path `/v1/logs`), with an ingest token. 200
 * `{}` when every record was stored, else `{ partialSuccess:
 * { rejectedLogRecords, errorMessage } }`.
 */
export const POST = apiRoute(async (request) =>
  handleIngest(request, {
    name: 'otlp',
    contentTypes: ['application/json'],
    refusedContentTypes: {
      'application/x-protobuf': 'OTLP/HTTP protobuf is not supported; configure the exporter with the http/json protocol (OTEL_EXPORTER_OTLP_LOGS_PROTOCOL=http/json).',
    },
    // Parsed on this thread: collectors send few, nested records per request.
    parse: async (body, options) => batchHere(parseOtlpLogs(body, options)),
    answer: (_accepted, rejected) => ({
      status: 200,
      body:
        rejected.length === 0
          ? {}
          : {
              partialSuccess: {
                rejectedLogRecords: rejected.length,
                errorMessage: rejected
                  .slice(0, 5)
                  .map((r) => `record ${r.line}: ${r.error}`)
                  .join('; ') + (rejected.length > 5 ? `; and ${rejected.length - 5} more` : ''),
              },
            },
    }),
  }),
);
