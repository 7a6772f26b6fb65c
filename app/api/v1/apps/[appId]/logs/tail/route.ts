import { apiRoute, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { sseResponse } from '@/lib/api/sse-response';
import { requireApiCaller } from '@/lib/auth/guards';
import { requireAppLogReader } from '@/lib/auth/permissions';
import { findAppLogSources } from '@/lib/console/find-app-log-sources';
import { tailAppLogs } from '@/lib/console/tail-app-logs';
import { parseQuery } from '@/lib/logs/log-range';
import { appTailQuerySchema } from '@/lib/validations/logs';

export const dynamic = 'force-dynamic';

/** Server-Sent Events: the live tail (lib/console/tail-app-logs.ts). Who may not read the app's logs is refused before the stream starts. */
export const GET = apiRoute<{ appId: string }>(async (request, params) => {
  const viewer = await requireApiCaller(request);
  const appId = pathId(params.appId, 'app');
  const query = parseQuery(appTailQuerySchema, request.url);
  const sources = await findAppLogSources({ appId });
  requireAppLogReader(viewer, sources.app);
  const meta = requestMeta(request);
  return sseResponse(request, (signal) => tailAppLogs({ viewer, sources, query, meta, signal }));
});
