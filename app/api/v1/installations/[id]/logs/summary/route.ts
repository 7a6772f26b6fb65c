import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiViewer } from '@/lib/auth/guards';
import { serverEnv } from '@/lib/env';
import { checkLogRange, parseQuery } from '@/lib/logs/log-range';
import { requireLogReader } from '@/lib/logs/require-log-reader';
import { summarizeLogs } from '@/lib/logs/summarize-logs';
import { AppError } from '@/lib/errors';
import { scopesFilterLines } from '@/lib/log-access/grant-scope-sql';
import { logSummaryQuerySchema } from '@/lib/validations/logs';

export const dynamic = 'force-dynamic';

/** Lines, size, levels, histogram and personal-data counts of [from, to). */
export const GET = apiRoute<{ id: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const installationId = pathId(params.id, 'installation');
  const query = parseQuery(logSummaryQuerySchema, request.url);
  const { installation, scope } = await requireLogReader({ viewer, installationId });
  // The summary counts every line of the site (its hourly statistics): under a grant that leaves lines out, it would tell what the scope hides.
  if (scopesFilterLines([{ installationId: installation.id, scope }])) {
    throw new AppError('forbidden', "This site shares its logs with a scope; the summary counts every line, so it is not available under it. Use the console's count and chart.");
  }
  const range = checkLogRange(query, serverEnv().LOG_RETENTION_DAYS);
  return NextResponse.json(
    await summarizeLogs({ installationId: installation.id, ...range, site: installation.site.url, environment: installation.environment }),
  );
});
