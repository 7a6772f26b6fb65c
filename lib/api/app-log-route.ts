import 'server-only';
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { apiRoute, concurrently, requestMeta } from '@/lib/api/route';
import { requireApiCaller } from '@/lib/auth/guards';
import { requireAppLogReader } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { findAppLogSources, type AppLogSources } from '@/lib/console/find-app-log-sources';
import { parseQuery } from '@/lib/logs/log-range';
import type { RequestMeta } from '@/lib/request-meta';
import { pathId } from '@/lib/validations/path-id';

// The developer console's routes under /api/v1/apps/{appId}/…: each reads the
// caller and the app's sharing sites together (which sites share does not
// depend on who asks, so one round trip less to wait for), then applies the
// vendor's reader rule before anything else.

/** The caller, allowed to read this app's logs, and the app's sources. */
export async function requireAppLogAccess(request: Request, appId: string): Promise<{ viewer: Viewer; sources: AppLogSources }> {
  const [viewer, sources] = await concurrently(
    () => requireApiCaller(request),
    () => findAppLogSources({ appId: pathId(appId, 'app') }),
  );
  requireAppLogReader(viewer, sources.app);
  return { viewer, sources };
}

export type AppLogRead<Q> = { viewer: Viewer; sources: AppLogSources; query: Q; meta: RequestMeta };

/** A GET of one of the console's reads: its query parsed by `schema`, `read`'s answer as JSON. */
export function appLogReadRoute<S extends z.ZodType>(schema: S, read: (args: AppLogRead<z.output<S>>) => Promise<unknown>) {
  return apiRoute<{ appId: string }>(async (request, params) => {
    const { viewer, sources } = await requireAppLogAccess(request, params.appId);
    const query = parseQuery(schema, request.url);
    return NextResponse.json(await read({ viewer, sources, query, meta: requestMeta(request) }));
  });
}
