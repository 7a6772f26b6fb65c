import { NextResponse } from 'next/server';
import { apiRoute, concurrently, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiCaller } from '@/lib/auth/guards';
import { requireAppLogReader } from '@/lib/auth/permissions';
import { findAppLogSources } from '@/lib/console/find-app-log-sources';
import { readAppLogFacets } from '@/lib/insights/read-app-log-facets';
import { parseQuery } from '@/lib/logs/log-range';
import { appLogFacetsQuerySchema } from '@/lib/validations/log-insights';

export const dynamic = 'force-dynamic';

/** The viewer's facets: the most frequent values of its matching lines, with the viewer's own filters and authorization. */
export const GET = apiRoute<{ appId: string }>(async (request, params) => {
  const [viewer, sources] = await concurrently(
    () => requireApiCaller(request),
    () => findAppLogSources({ appId: pathId(params.appId, 'app') }),
  );
  requireAppLogReader(viewer, sources.app);
  const query = parseQuery(appLogFacetsQuerySchema, request.url);
  return NextResponse.json(await readAppLogFacets({ viewer, sources, query, meta: requestMeta(request) }));
});
