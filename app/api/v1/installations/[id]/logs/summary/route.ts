import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiViewer } from '@/lib/auth/guards';
import { serverEnv } from '@/lib/env';
import { checkLogRange, parseQuery } from '@/lib/logs/log-range';
import { requireLogReader } from '@/lib/logs/require-log-reader';
import { summarizeLogs } from '@/lib/logs/summarize-logs';
import { logSummaryQuerySchema } from '@/lib/validations/logs';

export const dynamic = 'force-dynamic';

/** Lines, size, levels, histogram and personal-data counts of [from, to). */
export const GET = apiRoute<{ id: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const installationId = pathId(params.id, 'installation');
  const query = parseQuery(logSummaryQuerySchema, request.url);
  const { installation } = await requireLogReader({ viewer, installationId });
  const range = checkLogRange(query, serverEnv().LOG_RETENTION_DAYS);
  return NextResponse.json(
    await summarizeLogs({ installationId: installation.id, ...range, site: installation.site.url, environment: installation.environment }),
  );
});
