import { NextResponse } from 'next/server';
import { requireAppLogAccess } from '@/lib/api/app-log-route';
import { apiRoute, requestMeta } from '@/lib/api/route';
import { readAppLogs } from '@/lib/console/read-app-logs';
import { parseQuery } from '@/lib/logs/log-range';
import { toOtlpLogs } from '@/lib/logs/otlp-logs';
import { appLogQuerySchema } from '@/lib/validations/logs';

export const dynamic = 'force-dynamic';

/** The developer console's viewer over every site that shares this app's logs. */
export const GET = apiRoute<{ appId: string }>(async (request, params) => {
  const { viewer, sources } = await requireAppLogAccess(request, params.appId);
  const query = parseQuery(appLogQuerySchema, request.url);
  const page = await readAppLogs({ viewer, sources, query, meta: requestMeta(request) });
  if (query.format === 'otlp') return NextResponse.json({ ...toOtlpLogs(page.lines), nextCursor: page.nextCursor });
  return NextResponse.json(page);
});
