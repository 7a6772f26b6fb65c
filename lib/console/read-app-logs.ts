import 'server-only';
import type { RequestMeta } from '@/lib/request-meta';
import { readLogPageAndRecordVendorRead } from '@/lib/audit/read-log-page-and-record-vendor-read';
import type { Viewer } from '@/lib/auth/viewer';
import { serverEnv } from '@/lib/env';
import { matchingSources, type AppLogSources, type LogSource } from '@/lib/console/find-app-log-sources';
import { checkLogRange } from '@/lib/logs/log-range';
import { pgPool } from '@/lib/db/prisma';
import { countMatchingLines, type MatchCount } from '@/lib/search/count-matching-lines';
import { findUnindexedDays, type DayRange } from '@/lib/search/index-coverage';
import { narrowSourcesByQuery } from '@/lib/search/narrow-sources';
import type { LogLineJson } from '@/lib/logs/log-line-json';
import { encodeLineRef } from '@/lib/logs/line-ref';
import type { AppLogQuery } from '@/lib/validations/logs';

/**
 * One page of the developer console's viewer: the newest lines of an app over
 * every installation that shares its logs and matches the filters, each
 * labelled with its site, environment and product. Every page is recorded
 * for each site it read, with the number of lines it returned from there
 * (readLogPageAndRecordVendorRead: in the page's own statement).
 *
 * The first page also says what the search did: how many lines match
 * (exactly up to MATCH_COUNT_BOUND, counted beside the page over the same
 * installations, range and filters), how long the server took, and which
 * part of the range a search scanned without a search index.
 */
export async function readAppLogs(options: { viewer: Viewer; sources: AppLogSources; query: AppLogQuery; meta: RequestMeta }): Promise<AppLogPage> {
  const started = performance.now();
  const { query, sources } = options;
  const range = checkLogRange(query, serverEnv().LOG_RETENTION_DAYS);
  const matching = narrowSourcesByQuery(matchingSources(sources.shared, query), query.q);
  const filters = {
    installationIds: matching.map((s) => s.installationId),
    ...range,
    levels: query.level,
    q: query.q,
    searchSources: matching,
    invocationId: query.invocationId,
    versions: query.version,
  };
  const counted = query.cursor ? Promise.resolve(null) : countMatchingLines(filters);
  const unindexed = !query.cursor && query.q?.root ? findUnindexedDays(pgPool(), range) : Promise.resolve(undefined);
  const page = readLogPageAndRecordVendorRead({
    ...filters,
    limit: query.limit,
    cursor: query.cursor,
    read: {
      viewer: options.viewer,
      app: sources.app,
      sources: matching,
      kind: 'page',
      details: {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        filters: { level: query.level ?? null, q: query.q?.text ?? null, site: query.site ?? null, environment: query.environment ?? null, version: query.version ?? null, invocationId: query.invocationId ?? null },
      },
      meta: options.meta,
    },
  });
  const [slice, matched, unscanned] = await Promise.all([page, counted, unindexed]);
  const byId = new Map(matching.map((s) => [s.installationId, s]));
  const lines = slice.lines.map((line) => {
    const source = byId.get(line.installationId) as LogSource;
    const ref = encodeLineRef({ installationId: line.installationId, ts: new Date(line.timestamp), id: line.id });
    return Object.assign(line, { site: source.siteUrl, environment: source.environment.toLowerCase(), product: source.product, ref });
  });
  return {
    lines,
    nextCursor: slice.nextCursor,
    matched,
    tookMs: Math.round(performance.now() - started),
    ...(unscanned ? { unindexed: unscanned } : {}),
    notShared: sources.notShared.map((s) => ({ installationId: s.installationId, site: s.siteUrl, environment: s.environment.toLowerCase(), technicalContactEmail: s.technicalContactEmail })),
  };
}

export type AppLogPage = {
  /** Each line with `ref`, its reference for a permalink and a context read (lib/logs/line-ref.ts). */
  lines: (LogLineJson & { installationId: string; site: string; environment: string; product: string; ref: string })[];
  nextCursor: string | null;
  /** Lines matching the query in the whole range (first page only; null on later pages). */
  matched: MatchCount | null;
  /** Server time for the page and the count, in milliseconds. */
  tookMs: number;
  /** On a search's first page: the parts of the range it scanned without a search index (today's open day, days not yet indexed). */
  unindexed?: DayRange[];
  notShared: { installationId: string; site: string; environment: string; technicalContactEmail: string | null }[];
};
