import 'server-only';
import type { RequestMeta } from '@/lib/request-meta';
import type { Viewer } from '@/lib/auth/viewer';
import { pgPool } from '@/lib/db/prisma';
import { requireAppLogReader } from '@/lib/auth/permissions';
import { appLogFilters } from '@/lib/console/app-log-filters';
import { findAppLogSources } from '@/lib/console/find-app-log-sources';
import { log } from '@/lib/log';
import { exportFileName, streamLogExportWhileShared } from '@/lib/logs/export-logs';
import { lineFilterConditions, type LineFilters } from '@/lib/logs/line-filters';
import { recordVendorReads } from '@/lib/audit/record-vendor-reads';
import { maskedInstallationIds } from '@/lib/log-access/grant-scope-sql';
import type { z } from 'zod';
import type { appExportQuerySchema } from '@/lib/validations/logs';

type Query = z.output<typeof appExportQuerySchema>;

/**
 * The developer console's current view as a streamed file (oldest line
 * first). When it has been sent, each site it read from gets an audit row
 * with the number of its lines in the file.
 */
export async function exportAppLogs(options: { viewer: Viewer; appId: string; query: Query; meta: RequestMeta }) {
  const { query } = options;
  const sources = await findAppLogSources({ appId: options.appId });
  requireAppLogReader(options.viewer, sources.app);
  const { range, matching, filters } = appLogFilters(sources, query);
  const exportSources = matching.map((s) => ({ installationId: s.installationId, site: s.siteUrl, environment: s.environment }));
  const fileName = exportFileName({ appName: sources.app.name, site: query.site?.length === 1 ? query.site[0]! : 'all-sites', ...range, format: query.format });
  // No site shares (or matches the filters): an empty file, nothing read, nothing to record.
  if (exportSources.length === 0) return { body: emptyFile(query.format), fileName };
  const body = await streamLogExportWhileShared({ sources: exportSources, ...range, format: query.format, mask: query.mask, maskedInstallationIds: maskedInstallationIds(matching), filters }, async (result) => {
    try {
      await recordVendorReads({
        viewer: options.viewer,
        app: sources.app,
        sources: matching,
        linesPerInstallation: await countPerInstallation(matching.map((s) => s.installationId), range, filters, result.lines),
        kind: 'export',
        details: { from: range.from.toISOString(), to: range.to.toISOString(), format: query.format, masked: query.mask || maskedInstallationIds(matching).length > 0, sha256: result.sha256, completed: result.completed },
        meta: options.meta,
      });
    } catch (error) {
      log.error('could not record a console export', { error, appId: options.appId });
    }
  });
  return { body, fileName };
}

const CSV_HEADER = 'timestamp,level,message,invocationId,traceId,module,function,appVersion,site,environment,attributes\n';

function emptyFile(format: 'ndjson' | 'csv'): ReadableStream<Uint8Array> {
  return new Blob([format === 'csv' ? CSV_HEADER : '']).stream();
}

/** Whose lines the file's first `sent` lines were (all of them, unless the download was cut short): the file is in (ts, id) order. */
async function countPerInstallation(installationIds: string[], range: { from: Date; to: Date }, filters: LineFilters, sent: number): Promise<Map<string, number>> {
  if (installationIds.length === 0 || sent === 0) return new Map();
  const params: unknown[] = [installationIds, range.from, range.to, sent];
  const add = (value: unknown) => `$${params.push(value)}`;
  const where = ['l.installation_id = ANY($1::text[])', 'l.ts >= $2', 'l.ts < $3', ...lineFilterConditions(filters, add)];
  const { rows } = await pgPool().query<{ installation_id: string; n: string }>(
    `SELECT installation_id, count(*) AS n
       FROM (SELECT l.installation_id FROM log_lines l WHERE ${where.join(' AND ')} ORDER BY l.ts, l.id LIMIT $4) sent
      GROUP BY 1`,
    params,
  );
  return new Map(rows.map((r) => [r.installation_id, Number(r.n)]));
}
