import 'server-only';
import { serverEnv } from '@/lib/env';
import { matchingSources, type AppLogSources, type LogSource } from '@/lib/console/find-app-log-sources';
import { checkLogRange } from '@/lib/logs/log-range';
import { narrowSourcesByQuery } from '@/lib/search/narrow-sources';
import type { AppLogQuery } from '@/lib/validations/logs';

/**
 * What a console read over an app's sharing sites covers: the checked range,
 * the sites its filters and query leave, and the line filters over them. The
 * page, its count and the export read the same lines through this.
 */
export function appLogFilters(sources: AppLogSources, query: Omit<AppLogQuery, 'limit' | 'cursor' | 'format'>) {
  const range = checkLogRange(query, serverEnv().LOG_RETENTION_DAYS);
  const matching: LogSource[] = narrowSourcesByQuery(matchingSources(sources.shared, query), query.q);
  const filters = {
    installationIds: matching.map((s) => s.installationId),
    ...range,
    levels: query.level,
    q: query.q,
    searchSources: matching,
    invocationId: query.invocationId,
    versions: query.version,
  };
  /** The filters as an audit row records them. */
  const recorded = {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    filters: { level: query.level ?? null, q: query.q?.text ?? null, site: query.site ?? null, environment: query.environment ?? null, version: query.version ?? null, invocationId: query.invocationId ?? null },
  };
  return { range, matching, filters, recorded };
}
