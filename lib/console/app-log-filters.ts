import 'server-only';
import { serverEnv } from '@/lib/env';
import { matchingSources, type AppLogSources, type LogSource } from '@/lib/console/find-app-log-sources';
import { checkLogRange } from '@/lib/logs/log-range';
import { narrowSourcesByQuery } from '@/lib/search/narrow-sources';
import { scopeLevels } from '@/lib/validations/grant-scope';
import type { ApiLogLevel, AppLogQuery } from '@/lib/validations/logs';

/**
 * What a console read over an app's sharing sites covers: the checked range,
 * the sites its filters and query leave, and the line filters over them,
 * with each site's grant scope (`scopes`: lineFilterConditions keeps every
 * line within its site's scope). The page, its count and the export read the
 * same lines through this.
 */
export function appLogFilters(sources: AppLogSources, query: Omit<AppLogQuery, 'limit' | 'cursor' | 'format'>) {
  const range = checkLogRange(query, serverEnv().LOG_RETENTION_DAYS);
  const matching: LogSource[] = narrowSourcesByQuery(matchingSources(sources.shared, query), query.q);
  const filters = {
    installationIds: matching.map((s) => s.installationId),
    ...range,
    levels: levelsWithinScopes(query.level, matching),
    q: query.q,
    searchSources: matching,
    invocationId: query.invocationId,
    versions: query.version,
    scopes: matching,
  };
  /** The filters as an audit row records them. */
  const recorded = {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    filters: { level: query.level ?? null, q: query.q?.text ?? null, site: query.site ?? null, environment: query.environment ?? null, version: query.version ?? null, invocationId: query.invocationId ?? null },
  };
  return { range, matching, filters, recorded };
}

/**
 * The level filter a read applies: the levels asked for (all without a
 * filter) that some site's scope shows. When every scope leaves levels out,
 * the read names the levels left, so it walks the level index (errors and
 * warnings have their own) rather than every line; the per-site scope
 * conditions still keep each site to its own levels. Asked levels that no
 * scope shows stay as asked: the scope conditions then match nothing.
 */
export function levelsWithinScopes(asked: ApiLogLevel[] | undefined, sources: Pick<LogSource, 'scope'>[]): ApiLogLevel[] | undefined {
  const shown = new Set(sources.flatMap((s) => scopeLevels(s.scope)));
  if (!asked) return sources.length && shown.size < 5 ? [...shown] : undefined;
  const kept = asked.filter((l) => shown.has(l));
  return kept.length ? kept : asked;
}
