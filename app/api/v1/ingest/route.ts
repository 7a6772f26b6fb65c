import { apiRoute } from '@/lib/api/route';
import { handleIngest } from '@/lib/ingest/handle-ingest';
import { parseNdjsonOffThread } from '@/lib/ingest/ingest-thread';

export const dynamic = 'force-dynamic';

/**
 * NDJSON log lines from an app, with its ingest token. 200 `{ accepted,
 * rejected: [{ line, error }] }` when at least one line was stored; 422 with
 * the same fields when none was valid.
 */
export const POST = apiRoute(async (request) =>
  handleIngest(request, {
    name: 'ndjson',
    contentTypes: ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/json', 'text/plain'],
    parse: parseNdjsonOffThread,
    answer: (accepted, rejected) =>
      accepted > 0 || rejected.length === 0
        ? { status: 200, body: { accepted, rejected } }
        : { status: 422, body: { accepted, rejected, error: { code: 'unprocessable', message: 'No line was valid; see rejected.' } } },
  }),
);
