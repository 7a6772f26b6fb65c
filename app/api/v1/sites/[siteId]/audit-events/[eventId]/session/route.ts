import { NextResponse } from 'next/server';
import { apiRoute, concurrently } from '@/lib/api/route';
import { requireApiViewer } from '@/lib/auth/guards';
import { findAuditSite, requireAuditSite } from '@/lib/audit/find-audit-site';
import { listAuditSessionReads, resolveAuditQuery } from '@/lib/audit/list-audit-events';
import { parseQuery } from '@/lib/logs/log-range';
import { auditSessionQuerySchema } from '@/lib/validations/audit-events';

export const dynamic = 'force-dynamic';

/** Each read of the session whose newest read is `eventId`, under the filters of the page that showed it. */
export const GET = apiRoute<{ siteId: string; eventId: string }>(async (request, params) => {
  const [viewer, found] = await concurrently(() => requireApiViewer(), () => findAuditSite(params.siteId));
  const site = requireAuditSite(viewer, found);
  const { cursor, limit, ...filters } = parseQuery(auditSessionQuerySchema, request.url);
  const query = await resolveAuditQuery(site.id, filters);
  return NextResponse.json(await listAuditSessionReads({ query, headId: params.eventId, cursor, limit }));
});
