import 'server-only';
import type { RequestMeta } from '@/lib/request-meta';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { serverEnv } from '@/lib/env';
import { pgPool } from '@/lib/db/prisma';
import { recordVendorReads } from '@/lib/audit/record-vendor-reads';
import type { AppLogSources, LogSource } from '@/lib/console/find-app-log-sources';
import { oldestKeptInstant } from '@/lib/logs/log-range';
import { encodeLineRef, type LineRef } from '@/lib/logs/line-ref';
import { logLineJson, logLineSelect, type LogLineJson, type LogLineRow } from '@/lib/logs/log-line-json';
import type { LineContextQuery } from '@/lib/validations/logs';

export type ServedLine = LogLineJson & { installationId: string; site: string; environment: string; product: string; ref: string };

export type LineContext = {
  /** The reference of the line asked about; it is among `lines`. */
  anchor: string;
  /** The line, and up to `before` lines before and `after` after it in its installation, oldest first by (ts, id). */
  lines: ServedLine[];
  /** Whether the installation holds more lines before the first (within retention) or after the last. */
  moreBefore: boolean;
  moreAfter: boolean;
};

type ContextRow = LogLineRow & { part: 'before' | 'anchor' | 'after' };

/**
 * The lines around one line of one installation, ordered as the viewer
 * orders lines, by (ts, id): each side is a walk of the primary key
 * (installation_id, ts, id) from the line, one more than asked to know
 * whether there are more. Only while the line's site shares its logs with
 * the vendor (sources.shared) and the line is within retention; otherwise,
 * or when there is no such line, a 404 that says nothing of which. Recorded
 * for the site like every vendor read.
 */
export async function readLineContext(options: {
  viewer: Viewer;
  sources: AppLogSources;
  ref: LineRef;
  query: LineContextQuery;
  meta: RequestMeta;
  now?: Date;
}): Promise<LineContext> {
  const { ref, query, sources } = options;
  const source = sources.shared.find((s) => s.installationId === ref.installationId);
  const since = oldestKeptInstant(serverEnv().LOG_RETENTION_DAYS, options.now ?? new Date());
  if (!source || ref.ts < since) throw notFound();
  const rows = await findContextRows(ref, since, query);
  if (!rows.some((r) => r.part === 'anchor')) throw notFound();
  const before = rows.filter((r) => r.part === 'before').reverse();
  const after = rows.filter((r) => r.part === 'after');
  const ordered = [...before.slice(Math.max(0, before.length - query.before)), rows.find((r) => r.part === 'anchor')!, ...after.slice(0, query.after)];
  const lines = ordered.map((row) => servedLine(row, source));
  await recordVendorReads({
    viewer: options.viewer,
    app: sources.app,
    sources: [source],
    kind: 'context',
    details: { from: lines[0]!.timestamp, to: lines[lines.length - 1]!.timestamp, line: encodeLineRef(ref), before: query.before, after: query.after },
    meta: options.meta,
    linesPerInstallation: new Map([[source.installationId, lines.length]]),
  });
  return { anchor: encodeLineRef(ref), lines, moreBefore: before.length > query.before, moreAfter: after.length > query.after };
}

function notFound() {
  return new AppError('not_found', 'No such line, or its site no longer shares its logs with you.');
}

// Three walks of the primary key in one round trip; the row comparison on
// (ts, id) is an index condition after installation_id's equality.
const CONTEXT_SQL = `
  (SELECT 'anchor' AS part, ${logLineSelect('l')} FROM log_lines l
    WHERE l.installation_id = $1 AND l.ts = $2 AND l.id = $3::bigint)
  UNION ALL
  (SELECT 'before', ${logLineSelect('l')} FROM log_lines l
    WHERE l.installation_id = $1 AND l.ts >= $4 AND l.ts <= $2 AND (l.ts, l.id) < ($2, $3::bigint)
    ORDER BY l.ts DESC, l.id DESC LIMIT $5)
  UNION ALL
  (SELECT 'after', ${logLineSelect('l')} FROM log_lines l
    WHERE l.installation_id = $1 AND l.ts >= $2 AND (l.ts, l.id) > ($2, $3::bigint)
    ORDER BY l.ts, l.id LIMIT $6)`;

async function findContextRows(ref: LineRef, since: Date, query: LineContextQuery): Promise<ContextRow[]> {
  const { rows } = await pgPool().query<ContextRow>(lineContextStatement(ref, since, query));
  return rows;
}

/** The statement of a context read, prepared once per connection (also what the bench times as raw SQL). */
export function lineContextStatement(ref: LineRef, since: Date, query: LineContextQuery) {
  return { name: 'line-context', text: CONTEXT_SQL, values: [ref.installationId, ref.ts, ref.id, since, query.before + 1, query.after + 1] };
}

/** A line as the console serves it: labelled with its site, and with its own reference. */
export function servedLine(row: LogLineRow, source: LogSource): ServedLine {
  return Object.assign(logLineJson(row), {
    installationId: source.installationId,
    site: source.siteUrl,
    environment: source.environment.toLowerCase(),
    product: source.product,
    ref: encodeLineRef({ installationId: source.installationId, ts: row.ts, id: row.id }),
  });
}
