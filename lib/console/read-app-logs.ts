import 'server-only';
import type { RequestMeta } from '@/lib/request-meta';
import { readLogPageAndRecordVendorRead } from '@/lib/audit/read-log-page-and-record-vendor-read';
import type { Viewer } from '@/lib/auth/viewer';
import { recordVendorReads } from '@/lib/audit/record-vendor-reads';
import { appLogFilters } from '@/lib/console/app-log-filters';
import type { AppLogSources, LogSource } from '@/lib/console/find-app-log-sources';
import { pgPool } from '@/lib/db/prisma';
import { countMatchingLines, type MatchCount } from '@/lib/search/count-matching-lines';
import { findUnindexedDays, type DayRange } from '@/lib/search/index-coverage';
import type { LogLineJson } from '@/lib/logs/log-line-json';
import { encodeLineRef } from '@/lib/logs/line-ref';
import { maskServedLine } from '@/lib/log-access/mask-served-line';
import type { AppLogCountQuery, AppLogQuery } from '@/lib/validations/logs';

/**
 * One page of the developer console's viewer: the newest lines of an app over
 * every installation that shares its logs and matches the filters, each
 * labelled with its site, environment and product. Every page is recorded
 * for each site it read, with the number of lines it returned from there
 * (readLogPageAndRecordVendorRead: in the page's own statement).
 *
 * A search's first page also says which part of the range it scanned without
 * a search index. How many lines match is countAppLogs, asked beside it, so a
 * page never waits for a count.
 */
export async function readAppLogs(options: { viewer: Viewer; sources: AppLogSources; query: AppLogQuery; meta: RequestMeta }): Promise<AppLogPage> {
  const started = performance.now();
  const { query, sources } = options;
  const { range, matching, filters, recorded } = appLogFilters(sources, query);
  const unindexed = !query.cursor && query.q?.root ? findUnindexedDays(pgPool(), range) : Promise.resolve(undefined);
  const page = readLogPageAndRecordVendorRead({
    ...filters,
    limit: query.limit,
    cursor: query.cursor,
    read: { viewer: options.viewer, app: sources.app, sources: matching, kind: 'page', details: recorded, meta: options.meta },
  });
  const [slice, unscanned] = await Promise.all([page, unindexed]);
  const byId = new Map(matching.map((s) => [s.installationId, s]));
  const lines = slice.lines.map((line) => {
    const source = byId.get(line.installationId) as LogSource;
    const ref = encodeLineRef({ installationId: line.installationId, ts: new Date(line.timestamp), id: line.id });
    if (source.scope?.maskPersonalData) maskServedLine(line);
    return Object.assign(line, { site: source.siteUrl, environment: source.environment.toLowerCase(), product: source.product, ref });
  });
  return {
    lines,
    nextCursor: slice.nextCursor,
    tookMs: Math.round(performance.now() - started),
    ...(unscanned ? { unindexed: unscanned } : {}),
    notShared: sources.notShared.map((s) => ({ installationId: s.installationId, site: s.siteUrl, environment: s.environment.toLowerCase(), technicalContactEmail: s.technicalContactEmail })),
  };
}

/**
 * How many lines the viewer's filters match over the range, exactly up to
 * MATCH_COUNT_BOUND (countMatchingLines), and how long counting took. A count
 * tells the vendor something of each site's lines, so it is recorded for each
 * site like a page, with the number it found.
 */
export async function countAppLogs(options: { viewer: Viewer; sources: AppLogSources; query: AppLogCountQuery; meta: RequestMeta }): Promise<AppLogCount> {
  const started = performance.now();
  const { matching, filters, recorded } = appLogFilters(options.sources, options.query);
  const matched = await countMatchingLines(filters);
  await recordVendorReads({
    viewer: options.viewer,
    app: options.sources.app,
    sources: matching,
    linesPerInstallation: new Map(),
    kind: 'count',
    details: { ...recorded, matched: matched.count, exact: matched.exact },
    meta: options.meta,
  });
  return { matched, tookMs: Math.round(performance.now() - started) };
}

export type AppLogPage = {
  /** Each line with `ref`, its reference for a permalink and a context read (lib/logs/line-ref.ts). */
  lines: (LogLineJson & { installationId: string; site: string; environment: string; product: string; ref: string })[];
  nextCursor: string | null;
  /** Server time for the page, in milliseconds. */
  tookMs: number;
  /** On a search's first page: the parts of the range it scanned without a search index (today's open day, days not yet indexed). */
  unindexed?: DayRange[];
  notShared: { installationId: string; site: string; environment: string; technicalContactEmail: string | null }[];
};

export type AppLogCount = {
  /** Lines matching the filters in the whole range. */
  matched: MatchCount;
  /** Server time for the count, in milliseconds. */
  tookMs: number;
};
