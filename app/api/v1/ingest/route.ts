import { apiRoute } from '@/lib/api/route';
import { handleIngestRequest } from '@/lib/api/ingest-request';
import { parseNdjsonOffThread } from '@/lib/ingest/ingest-thread';
import { installationOfRequest } from '@/lib/ingest/request-installation';

export const dynamic = 'force-dynamic';

/**
 * Log lines from an app, with its ingest token: NDJSON, plain-text lines or a
 * JSON array, under any of the content types shippers send them with. 200
 * `{ accepted, rejected: [{ line, error }] }` (plus `notes` and
 * `timestampsAssigned` and `levelsAssigned` when there are any) when at least one line was
 * stored; 422 with the same fields when none was valid.
 */
export const POST = apiRoute(async (request) => {
  const installation = installationOfRequest(request);
  return handleIngestRequest(request, {
    // The request's installation is part of what an Idempotency-Key stands for.
    name: installation ? `ndjson ${JSON.stringify(installation)}` : 'ndjson',
    contentTypes: ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/json', 'text/plain', 'application/x-www-form-urlencoded'],
    parse: (body, options) => parseNdjsonOffThread(body, { ...options, installation }),
    answer: (accepted, rejected, batch) => {
      const said = {
        accepted,
        rejected,
        ...(batch.notes?.length ? { notes: batch.notes } : {}),
        ...(batch.timestampsAssigned ? { timestampsAssigned: batch.timestampsAssigned } : {}),
        ...(batch.levelsAssigned ? { levelsAssigned: batch.levelsAssigned } : {}),
      };
      return accepted > 0 || rejected.length === 0
        ? { status: 200, body: said }
        : { status: 422, body: { ...said, error: { code: 'unprocessable', message: 'No line was valid; see rejected.' } } };
    },
  });
});
