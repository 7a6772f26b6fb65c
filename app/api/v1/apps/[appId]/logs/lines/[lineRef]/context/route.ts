import { NextResponse } from 'next/server';
import { requireAppLogAccess } from '@/lib/api/app-log-route';
import { apiRoute, requestMeta } from '@/lib/api/route';
import { readLineContext } from '@/lib/console/read-line-context';
import { lineRefFromPath } from '@/lib/logs/line-ref';
import { parseQuery } from '@/lib/logs/log-range';
import { lineContextQuerySchema } from '@/lib/validations/logs';

export const dynamic = 'force-dynamic';

/** The lines around one line of the console's viewer, in its installation, oldest first (`?before=25&after=25`). */
export const GET = apiRoute<{ appId: string; lineRef: string }>(async (request, params) => {
  const { viewer, sources } = await requireAppLogAccess(request, params.appId);
  const ref = lineRefFromPath(params.lineRef);
  const query = parseQuery(lineContextQuerySchema, request.url);
  return NextResponse.json(await readLineContext({ viewer, sources, ref, query, meta: requestMeta(request) }));
});
