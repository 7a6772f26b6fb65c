import 'server-only';
import type { RequestMeta } from '@/lib/request-meta';
import { readLogPageAndRecordVendorRead } from '@/lib/audit/read-log-page-and-record-vendor-read';
import type { Viewer } from '@/lib/auth/viewer';
import { serverEnv } from '@/lib/env';
import { matchingSources, type AppLogSources, type LogSource } from '@/lib/console/find-app-log-sources';
import { checkLogRange } from '@/lib/logs/log-range';
import type { AppLogQuery } from '@/lib/validations/logs';

/**
 * One page of the developer console's viewer: the newest lines of an app over
 * every installation that shares its logs and matches the filters, each
 * labelled with its site, environment and product. Every page is recorded
 * for each site it read, with the number of lines it returned from there
 * (readLogPageAndRecordVendorRead: in the page's own statement).
 */
export async function readAppLogs(options: { viewer: Viewer; sources: AppLogSources; query: AppLogQuery; meta: RequestMeta }) {
  const { query, sources } = options;
  const range = checkLogRange(query, serverEnv().LOG_RETENTION_DAYS);
  const matching = matchingSources(sources.shared, query);
  const slice = await readLogPageAndRecordVendorRead({
    installationIds: matching.map((s) => s.installationId),
    ...range,
    limit: query.limit,
    cursor: query.cursor,
    levels: query.level,
    q: query.q,
    invocationId: query.invocationId,
    versions: query.version,
    read: {
      viewer: options.viewer,
      app: sources.app,
      sources: matching,
      kind: 'page',
      details: {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        filters: { level: query.level ?? null, q: query.q ?? null, site: query.site ?? null, environment: query.environment ?? null, version: query.version ?? null, invocationId: query.invocationId ?? null },
      },
      meta: options.meta,
    },
  });
  const byId = new Map(matching.map((s) => [s.installationId, s]));
  const lines = slice.lines.map((line) => {
    const source = byId.get(line.installationId) as LogSource;
    return Object.assign(line, { site: source.siteUrl, environment: source.environment.toLowerCase(), product: source.product });
  });
  return {
    lines,
    nextCursor: slice.nextCursor,
    notShared: sources.notShared.map((s) => ({ installationId: s.installationId, site: s.siteUrl, environment: s.environment.toLowerCase(), technicalContactEmail: s.technicalContactEmail })),
  };
}
