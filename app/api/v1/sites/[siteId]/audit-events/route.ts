import { NextResponse } from 'next/server';
import { apiRoute, concurrently } from '@/lib/api/route';
import { requireApiViewer } from '@/lib/auth/guards';
import { findAuditSite, requireAuditSite } from '@/lib/audit/find-audit-site';
import { listAuditEvents, resolveAuditQuery } from '@/lib/audit/list-audit-events';
import { parseQuery } from '@/lib/logs/log-range';
import { auditEventsQuerySchema } from '@/lib/validations/audit-events';

export const dynamic = 'force-dynamic';

/** A site's audit trail, newest first, keyset-paged; `group=sessions` groups a vendor's page reads as the Admin Hub does. */
export const GET = apiRoute<{ siteId: string }>(async (request, params) => {
  const [viewer, found] = await concurrently(() => requireApiViewer(), () => findAuditSite(params.siteId));
  const site = requireAuditSite(viewer, found);
  const { cursor, limit, group, ...filters } = parseQuery(auditEventsQuerySchema, request.url);
  const query = await resolveAuditQuery(site.id, filters);
  return NextResponse.json(await listAuditEvents({ query, cursor, limit, group }));
});
