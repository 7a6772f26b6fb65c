import 'server-only';
import type { RequestMeta } from '@/lib/request-meta';
import type { Viewer } from '@/lib/auth/viewer';
import { appLogFilters } from '@/lib/console/app-log-filters';
import type { AppLogSources, LogSource } from '@/lib/console/find-app-log-sources';
import { recordVendorCounts } from '@/lib/audit/record-vendor-counts';
import type { LineFilters } from '@/lib/logs/line-filters';
import type { AppLogInsightQuery } from '@/lib/validations/log-insights';

/** The lines a chart or facets count: those the viewer's page would show, over the same sharing installations. */
export type InsightFilters = LineFilters & { installationIds: string[]; from: Date; to: Date };

/**
 * The viewer's filters as the chart and the facets apply them: those of a
 * page of lines (appLogFilters), so they count exactly what the viewer
 * shows. The caller has checked requireAppLogReader.
 */
export function insightFiltersOf(sources: AppLogSources, query: AppLogInsightQuery): { filters: InsightFilters; matching: LogSource[] } {
  const { filters, matching } = appLogFilters(sources, query);
  return { filters, matching };
}

/** The audit rows of a chart or facets request (record-vendor-counts.ts): the view, and the lines counted per site. */
export function recordInsightRead(options: {
  viewer: Viewer;
  sources: AppLogSources;
  matching: LogSource[];
  query: AppLogInsightQuery;
  meta: RequestMeta;
  linesPerInstallation: Map<string, number>;
}): Promise<void> {
  const { query } = options;
  return recordVendorCounts({
    viewer: options.viewer,
    app: options.sources.app,
    sources: options.matching,
    details: {
      from: query.from.toISOString(),
      to: query.to.toISOString(),
      filters: { level: query.level ?? null, q: query.q?.text ?? null, site: query.site ?? null, environment: query.environment ?? null, version: query.version ?? null, invocationId: query.invocationId ?? null },
    },
    meta: options.meta,
    linesPerInstallation: options.linesPerInstallation,
  });
}
