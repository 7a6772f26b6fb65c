import { NextResponse } from 'next/server';
import { apiRoute, concurrently, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiCaller } from '@/lib/auth/guards';
import { requireAppLogReader } from '@/lib/auth/permissions';
import { findAppLogSources } from '@/lib/console/find-app-log-sources';
import { readAppLogs } from '@/lib/console/read-app-logs';
import { parseQuery } from '@/lib/logs/log-range';
import { toOtlpLogs } from '@/lib/logs/otlp-logs';
import { appLogQuerySchema } from '@/lib/validations/logs';

export const dynamic = 'force-dynamic';

/** The developer console's viewer over every site that shares this app's logs. */
export const GET = apiRoute<{ appId: string }>(async (request, params) => {
  // Which sites share this app's logs does not depend on who asks, so it is
  // read while the caller is authenticated (one round trip less to wait for).
  const [viewer, sources] = await concurrently(
    () => requireApiCaller(request),
    () => findAppLogSources({ appId: pathId(params.appId, 'app') }),
  );
  requireAppLogReader(viewer, sources.app);
  const query = parseQuery(appLogQuerySchema, request.url);
  const page = await readAppLogs({ viewer, sources, query, meta: requestMeta(request) });
  if (query.format === 'otlp') return NextResponse.json({ ...toOtlpLogs(page.lines), nextCursor: page.nextCursor });
  return NextResponse.json(page);
});
