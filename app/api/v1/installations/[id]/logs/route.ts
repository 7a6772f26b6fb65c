import { NextResponse } from 'next/server';
import { apiRoute, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiViewer } from '@/lib/auth/guards';
import { serverEnv } from '@/lib/env';
import { findLogSlice } from '@/lib/logs/find-log-slice';
import { checkLogRange, parseQuery } from '@/lib/logs/log-range';
import { recordLogRead } from '@/lib/audit/record-log-read';
import { requireLogReader } from '@/lib/logs/require-log-reader';
import { logSliceQuerySchema } from '@/lib/validations/logs';
import { levelsWithinScopes } from '@/lib/console/app-log-filters';
import { maskServedLine } from '@/lib/log-access/mask-served-line';

export const dynamic = 'force-dynamic';

/** The newest lines of [from, to), a page at a time (keyset cursor). */
export const GET = apiRoute<{ id: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const installationId = pathId(params.id, 'installation');
  const query = parseQuery(logSliceQuerySchema, request.url);
  const { installation, access, scope } = await requireLogReader({ viewer, installationId });
  const range = checkLogRange(query, serverEnv().LOG_RETENTION_DAYS);
  const scopes = [{ installationId: installation.id, scope }];
  const slice = await findLogSlice({ ...query, ...range, installationIds: [installation.id], levels: levelsWithinScopes(query.level, scopes), scopes });
  if (scope?.maskPersonalData) slice.lines.forEach(maskServedLine);
  await recordLogRead({
    installation,
    access,
    actor: viewer,
    meta: requestMeta(request),
    kind: 'page',
    details: { from: range.from.toISOString(), to: range.to.toISOString(), lines: slice.lines.length, level: query.level ?? null, q: query.q?.text ?? null },
  });
  return NextResponse.json(slice);
});
