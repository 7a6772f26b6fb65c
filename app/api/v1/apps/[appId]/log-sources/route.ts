import { NextResponse } from 'next/server';
import { apiRoute, concurrently } from '@/lib/api/route';
import { requireApiCaller } from '@/lib/auth/guards';
import { requireAppLogReader } from '@/lib/auth/permissions';
import { findAppLogSources } from '@/lib/console/find-app-log-sources';
import { pathId } from '@/lib/validations/path-id';

export const dynamic = 'force-dynamic';

/**
 * Which installations share the app's logs right now, and which do not: no
 * lines, so no audit row. The open viewer asks every few seconds to notice a
 * site that stops sharing and drop its lines.
 */
export const GET = apiRoute<{ appId: string }>(async (request, params) => {
  const [viewer, sources] = await concurrently(
    () => requireApiCaller(request),
    () => findAppLogSources({ appId: pathId(params.appId, 'app') }),
  );
  requireAppLogReader(viewer, sources.app);
  const describe = (s: { installationId: string; siteUrl: string; environment: string }) => ({ installationId: s.installationId, site: s.siteUrl, environment: s.environment.toLowerCase() });
  return NextResponse.json({ shared: sources.shared.map(describe), notShared: sources.notShared.map(describe) });
});
