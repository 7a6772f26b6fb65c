import { NextResponse } from 'next/server';
import { apiRoute, concurrently, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiCaller } from '@/lib/auth/guards';
import { requireAppLogReader } from '@/lib/auth/permissions';
import { findAppLogSources } from '@/lib/console/find-app-log-sources';
import { readAppPatterns } from '@/lib/console/read-app-patterns';
import { parseQuery } from '@/lib/logs/log-range';
import { appPatternsQuerySchema } from '@/lib/validations/patterns';

export const dynamic = 'force-dynamic';

/** The viewer's matching lines grouped by message template: the Patterns tab. */
export const GET = apiRoute<{ appId: string }>(async (request, params) => {
  const [viewer, sources] = await concurrently(
    () => requireApiCaller(request),
    () => findAppLogSources({ appId: pathId(params.appId, 'app') }),
  );
  requireAppLogReader(viewer, sources.app);
  const query = parseQuery(appPatternsQuerySchema, request.url);
  return NextResponse.json(await readAppPatterns({ viewer, sources, query, meta: requestMeta(request) }));
});
