import 'server-only';
import type { RequestMeta } from '@/lib/request-meta';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { serverEnv } from '@/lib/env';
import { pgPool } from '@/lib/db/prisma';
import { recordVendorReads } from '@/lib/audit/record-vendor-reads';
import { appLogFilters } from '@/lib/console/app-log-filters';
import type { AppLogSources } from '@/lib/console/find-app-log-sources';
import { oldestKeptInstant } from '@/lib/logs/log-range';
import { lineFilterConditions, type LineFilters } from '@/lib/logs/line-filters';
import { maskedInstallationIds, scopesFilterLines } from '@/lib/log-access/grant-scope-sql';
import { countMatchingLines, linesInHours } from '@/lib/search/count-matching-lines';
import { TemplateGroups, type TemplateGroup } from '@/lib/patterns/group-by-template';
import type { AppPatternsQuery } from '@/lib/validations/patterns';

/**
 * More matching lines than this are not all read: a sample of about this
 * many is (TABLESAMPLE SYSTEM, whole pages of the log table, the same pages
 * for the same data), and the counts are scaled by the sample's fraction
 * and labelled "about". It bounds the time to about half a second: reading
 * and templating run at some 100,000-250,000 lines a second on the bench's
 * 2 cores (bench/README.md, "Patterns").
 */
export const PATTERN_SAMPLE_BOUND = 50_000;
/** "New since" compares with the templates of this long before the version's first line. */
export const NEW_SINCE_BASELINE_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Statements a sample is read in, at once (each takes a connection of the pool for its time). */
const READ_SLICES = 4;

type Sample = { fraction: number; linesRead: number; method: string };
type Window = { from: Date; to: Date };

export type AppPatterns = {
  from: string;
  to: string;
  /** The most frequent templates (top), each with its counts scaled to the whole range when sampled. */
  patterns: {
    template: string;
    count: number;
    firstSeen: string;
    lastSeen: string;
    /** Share of the pattern's lines per level (0..1). */
    levels: Record<string, number>;
    /** Lines per bucket of the range, oldest first. */
    sparkline: number[];
  }[];
  /** Distinct templates among the lines read (after newSince, when given). */
  distinctTemplates: number;
  /** The lines of those templates (all matching lines without newSince). */
  templateLines: number;
  /** Matching lines in the range: exact, or about (scaled from the sample). */
  lines: number;
  exact: boolean;
  bucketMs: number;
  /** What was read when not every line was: null when every matching line was. */
  sample: Sample | null;
  newSince: { version: string; firstLineAt: string; comparedWith: { from: string; to: string }; sample: Sample | null } | null;
  tookMs: number;
};

/**
 * The Patterns tab: the lines matching the viewer's filters, grouped by
 * message template (lib/patterns/), with the same sources, filters and
 * authorization as a page of lines (the caller asked requireAppLogReader),
 * recorded for each site with the number of its lines read.
 */
export async function readAppPatterns(options: { viewer: Viewer; sources: AppLogSources; query: AppPatternsQuery; meta: RequestMeta }): Promise<AppPatterns> {
  const started = performance.now();
  const { query, sources } = options;
  const retentionDays = serverEnv().LOG_RETENTION_DAYS;
  const { range, matching, filters, recorded } = appLogFilters(sources, query);
  const ids = filters.installationIds;

  const versionStart = query.newSince ? await findVersionStart(ids, query.newSince, oldestKeptInstant(retentionDays, new Date())) : null;
  const baselineWindow = versionStart ? { from: new Date(Math.max(versionStart.getTime() - NEW_SINCE_BASELINE_MS, oldestKeptInstant(retentionDays, new Date()).getTime())), to: versionStart } : null;
  const [current, baseline] = await Promise.all([readTemplates(ids, range, filters), baselineWindow ? readTemplates(ids, baselineWindow, filters) : null]);

  await recordVendorReads({
    viewer: options.viewer,
    app: sources.app,
    sources: matching,
    kind: 'patterns',
    details: { ...recorded, filters: { ...recorded.filters, newSince: query.newSince ?? null }, sampled: current.sample?.fraction ?? 1 },
    meta: options.meta,
    linesPerInstallation: current.linesPerInstallation,
  });

  const scale = 1 / (current.sample?.fraction ?? 1);
  const isListed = (template: string) => !baseline?.groups.has(template);
  const listed = current.groups.kept(isListed);
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    patterns: current.groups.top(query.top, isListed).map((g) => patternOf(g, scale)),
    distinctTemplates: listed.groups,
    templateLines: Math.round(listed.lines * scale),
    lines: Math.round(current.groups.lines * scale),
    exact: !current.sample,
    bucketMs: Math.round((range.to.getTime() - range.from.getTime()) / current.groups.bucketCount),
    sample: current.sample,
    newSince:
      query.newSince && versionStart && baselineWindow && baseline
        ? { version: query.newSince, firstLineAt: versionStart.toISOString(), comparedWith: { from: baselineWindow.from.toISOString(), to: baselineWindow.to.toISOString() }, sample: baseline.sample }
        : null,
    tookMs: Math.round(performance.now() - started),
  };
}

function patternOf(group: TemplateGroup, scale: number): AppPatterns['patterns'][number] {
  const levels: Record<string, number> = {};
  for (const [level, n] of Object.entries(group.levels)) levels[level] = Math.round((n / group.count) * 1000) / 1000;
  return {
    template: group.template,
    count: Math.round(group.count * scale),
    firstSeen: new Date(group.firstSeen).toISOString(),
    lastSeen: new Date(group.lastSeen).toISOString(),
    levels,
    sparkline: group.buckets.map((n) => Math.round(n * scale)),
  };
}

/** The first line of an app version among the installations, within retention: each installation's oldest line of it, by its key. */
async function findVersionStart(ids: string[], version: string, oldest: Date): Promise<Date> {
  const { rows } = await pgPool().query<{ first: Date | null }>(
    `SELECT min(f.ts) AS first FROM unnest($1::text[]) AS i(id)
      CROSS JOIN LATERAL (SELECT l.ts FROM log_lines l WHERE l.installation_id = i.id AND l.ts >= $3 AND l.app_version = $2 ORDER BY l.ts LIMIT 1) f`,
    [ids, version, oldest],
  );
  const first = rows[0]?.first;
  if (!first) throw new AppError('unprocessable', `newSince: no line of version ${version} is in the kept logs of these sites.`);
  return first;
}

/** The templates of the matching lines in a window: all of them, or a sample of about PATTERN_SAMPLE_BOUND when more match. */
async function readTemplates(ids: string[], window: Window, filters: LineFilters) {
  const groups = new TemplateGroups(window.from.getTime(), window.to.getTime());
  const linesPerInstallation = new Map<string, number>();
  if (ids.length === 0) return { groups, sample: null, linesPerInstallation };
  const fraction = await sampleFraction(ids, window, filters);
  // A sample is read as READ_SLICES statements over consecutive parts of the window, all sent at once: PostgreSQL reads the
  // later parts while this process templates the first to arrive (bench/README.md, "Patterns"). The sampled pages are the same.
  const slices = fraction < 1 ? READ_SLICES : 1;
  const span = (window.to.getTime() - window.from.getTime()) / slices;
  const bounds = Array.from({ length: slices + 1 }, (_, i) => (i === slices ? window.to : new Date(window.from.getTime() + Math.round(i * span))));
  let linesRead = 0;
  await Promise.all(
    bounds.slice(1).map(async (to, i) => {
      const params: unknown[] = [ids, bounds[i], to];
      const bind = (value: unknown) => `$${params.push(value)}`;
      const sampled = fraction < 1 ? ` TABLESAMPLE SYSTEM (${bind(fraction * 100)}) REPEATABLE (0)` : '';
      const where = ['l.installation_id = ANY($1::text[])', 'l.ts >= $2', 'l.ts < $3', ...lineFilterConditions(filters, bind)];
      // A site whose grant masks personal data is grouped by its masked message (stored with the line): no template keeps what the vendor may not read.
      const masked = maskedInstallationIds(filters.scopes);
      const message = masked.length ? `CASE WHEN l.installation_id = ANY(${bind(masked)}::text[]) THEN coalesce(l.message_masked, l.message) ELSE l.message END` : 'l.message';
      // Only the columns the groups need, as arrays: no row objects, no Date per line.
      const { rows } = await pgPool().query<[string, string, number, string]>({
        text: `SELECT ${message}, lower(l.level::text), (extract(epoch FROM l.ts) * 1000)::float8, l.installation_id FROM log_lines l${sampled} WHERE ${where.join(' AND ')}`,
        values: params,
        rowMode: 'array',
      });
      for (const [message, level, at, installationId] of rows) {
        groups.add(message, level, at);
        linesPerInstallation.set(installationId, (linesPerInstallation.get(installationId) ?? 0) + 1);
      }
      linesRead += rows.length;
    }),
  );
  const sample = fraction < 1 ? { fraction, linesRead, method: 'PostgreSQL TABLESAMPLE SYSTEM (whole pages of the log table, the same pages each time), then the filters' } : null;
  return { groups, sample, linesPerInstallation };
}

/** 1 when at most PATTERN_SAMPLE_BOUND lines match; else the share of the window's lines (hourly statistics) that makes about that many. */
async function sampleFraction(ids: string[], window: Window, filters: LineFilters): Promise<number> {
  // Every hour the window touches: an upper bound of the lines it holds.
  const lines = await linesInHours({ installationIds: ids, from: new Date(Math.floor(window.from.getTime() / HOUR_MS) * HOUR_MS), to: window.to, levels: filters.levels });
  if (lines <= PATTERN_SAMPLE_BOUND) return 1;
  // A search may match few of many lines: counted (to the bound) before sampling what need not be.
  if (filters.q || filters.versions?.length || filters.invocationId || scopesFilterLines(filters.scopes)) {
    const matched = await countMatchingLines({ ...filters, installationIds: ids, from: window.from, to: window.to, bound: PATTERN_SAMPLE_BOUND });
    if (matched.exact) return 1;
  }
  return PATTERN_SAMPLE_BOUND / lines;
}
