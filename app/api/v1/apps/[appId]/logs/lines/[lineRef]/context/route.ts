import { NextResponse } from 'next/server';
import { apiRoute, concurrently, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiCaller } from '@/lib/auth/guards';
import { requireAppLogReader } from '@/lib/auth/permissions';
import { findAppLogSources } from '@/lib/console/find-app-log-sources';
import { readLineContext } from '@/lib/console/read-line-context';
import { lineRefFromPath } from '@/lib/logs/line-ref';
import { parseQuery } from '@/lib/logs/log-range';
import { lineContextQuerySchema } from '@/lib/validations/logs';

export const dynamic = 'force-dynamic';

/** The lines around one line of the console's viewer, in its installation, oldest first (`?before=25&after=25`). */
export const GET = apiRoute<{ appId: string; lineRef: string }>(async (request, params) => {
  const [viewer, sources] = await concurrently(
    () => requireApiCaller(request),
    () => findAppLogSources({ appId: pathId(params.appId, 'app') }),
  );
  requireAppLogReader(viewer, sources.app);
  const ref = lineRefFromPath(params.lineRef);
  const query = parseQuery(lineContextQuerySchema, request.url);
  return NextResponse.json(await readLineContext({ viewer, sources, ref, query, meta: requestMeta(request) }));
});
