import { logFileResponse } from '@/lib/api/file-response';
import { apiRoute, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiCaller } from '@/lib/auth/guards';
import { exportAppLogs } from '@/lib/console/export-app-logs';
import { parseQuery } from '@/lib/logs/log-range';
import { appExportQuerySchema } from '@/lib/validations/logs';

export const dynamic = 'force-dynamic';

/** The console's current view (same filters) as NDJSON or CSV, streamed from PostgreSQL. */
export const GET = apiRoute<{ appId: string }>(async (request, params) => {
  const viewer = await requireApiCaller(request);
  const appId = pathId(params.appId, 'app');
  const query = parseQuery(appExportQuerySchema, request.url);
  const { body, fileName } = await exportAppLogs({ viewer, appId, query, meta: requestMeta(request) });
  return logFileResponse(body, fileName, query.format);
});
