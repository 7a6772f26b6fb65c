import { NextResponse } from 'next/server';
import { apiRoute, concurrently, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiCaller } from '@/lib/auth/guards';
import { requireAppLogReader } from '@/lib/auth/permissions';
import { findAppLogSources } from '@/lib/console/find-app-log-sources';
import { countAppLogs } from '@/lib/console/read-app-logs';
import { parseQuery } from '@/lib/logs/log-range';
import { appLogCountQuerySchema } from '@/lib/validations/logs';

export const dynamic = 'force-dynamic';

/** How many lines the viewer's filters match over its range (the viewer asks beside its first page). */
export const GET = apiRoute<{ appId: string }>(async (request, params) => {
  const [viewer, sources] = await concurrently(
    () => requireApiCaller(request),
    () => findAppLogSources({ appId: pathId(params.appId, 'app') }),
  );
  requireAppLogReader(viewer, sources.app);
  const query = parseQuery(appLogCountQuerySchema, request.url);
  return NextResponse.json(await countAppLogs({ viewer, sources, query, meta: requestMeta(request) }));
});
