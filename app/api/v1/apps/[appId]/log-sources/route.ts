import { NextResponse } from 'next/server';
import { requireAppLogAccess } from '@/lib/api/app-log-route';
import { apiRoute } from '@/lib/api/route';

export const dynamic = 'force-dynamic';

/**
 * Which installations share the app's logs right now, and which do not: no
 * lines, so no audit row. The open viewer asks every few seconds to notice a
 * site that stops sharing and drop its lines.
 */
export const GET = apiRoute<{ appId: string }>(async (request, params) => {
  const { sources } = await requireAppLogAccess(request, params.appId);
  const describe = (s: { installationId: string; siteUrl: string; environment: string }) => ({ installationId: s.installationId, site: s.siteUrl, environment: s.environment.toLowerCase() });
  // A sharing site's scope: what its grant lets the vendor see (null: everything).
  return NextResponse.json({ shared: sources.shared.map((s) => ({ ...describe(s), scope: s.scope })), notShared: sources.notShared.map(describe) });
});
