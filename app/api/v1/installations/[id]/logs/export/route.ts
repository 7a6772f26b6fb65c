import { logFileResponse } from '@/lib/api/file-response';
import { apiRoute, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiViewer } from '@/lib/auth/guards';
import { serverEnv } from '@/lib/env';
import { exportFileName, streamLogExport, streamLogExportWhileShared } from '@/lib/logs/export-logs';
import { checkLogRange, parseQuery } from '@/lib/logs/log-range';
import { recordLogRead } from '@/lib/audit/record-log-read';
import { requireLogReader } from '@/lib/logs/require-log-reader';
import { log } from '@/lib/log';
import { logExportQuerySchema } from '@/lib/validations/logs';

export const dynamic = 'force-dynamic';

/** The slice [from, to) as a file, oldest line first, streamed straight from PostgreSQL. */
export const GET = apiRoute<{ id: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const installationId = pathId(params.id, 'installation');
  const query = parseQuery(logExportQuerySchema, request.url);
  const { installation, access, scope } = await requireLogReader({ viewer, installationId });
  const range = checkLogRange(query, serverEnv().LOG_RETENTION_DAYS);
  const meta = requestMeta(request);
  const options = {
    ...range,
    sources: [{ installationId: installation.id, site: installation.site.url, environment: installation.environment }],
    format: query.format,
    mask: query.mask,
    // The vendor's grant: its scope's lines only, masked when it masks.
    filters: { scopes: [{ installationId: installation.id, scope }] },
    maskedInstallationIds: scope?.maskPersonalData ? [installation.id] : [],
  };

  // Admins read their own logs; the vendor only while the site shares them.
  const stream = access === 'vendor' ? streamLogExportWhileShared : streamLogExport;
  const body = await stream(options, (result) =>
    recordLogRead({
      installation,
      access,
      actor: viewer,
      meta,
      kind: 'export',
      details: { from: range.from.toISOString(), to: range.to.toISOString(), format: query.format, masked: query.mask || !!scope?.maskPersonalData, ...result },
    }).catch((error: unknown) => log.error('could not record a log export', { error, installationId: installation.id })),
  );
  const fileName = exportFileName({ appName: installation.app.name, site: installation.site.url, ...range, format: query.format });
  return logFileResponse(body, fileName, query.format);
});
