import { logFileResponse } from '@/lib/api/file-response';
import { apiRoute, concurrently, requestMeta } from '@/lib/api/route';
import { requireApiViewer } from '@/lib/auth/guards';
import { auditExportFileName, streamAuditExport } from '@/lib/audit/export-audit-events';
import { findAuditSite, requireAuditSite } from '@/lib/audit/find-audit-site';
import { resolveAuditQuery } from '@/lib/audit/list-audit-events';
import { log } from '@/lib/log';
import { parseQuery } from '@/lib/logs/log-range';
import { auditExportQuerySchema } from '@/lib/validations/audit-events';

export const dynamic = 'force-dynamic';

/** The filtered trail as CSV or NDJSON, oldest row first, streamed; the export is an audit row of its own. */
export const GET = apiRoute<{ siteId: string }>(async (request, params) => {
  const [viewer, found] = await concurrently(() => requireApiViewer(), () => findAuditSite(params.siteId));
  const site = requireAuditSite(viewer, found);
  const { format, ...filters } = parseQuery(auditExportQuerySchema, request.url);
  const query = await resolveAuditQuery(site.id, filters);
  const body = await streamAuditExport({
    site,
    query,
    filters,
    format,
    actor: viewer,
    meta: requestMeta(request),
    onRecordFailed: (error) => log.error('could not record an audit log export', { error, siteId: site.id }),
  });
  return logFileResponse(body, auditExportFileName(site.url, filters, format), format);
});
