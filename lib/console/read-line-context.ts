import 'server-only';
import type { RequestMeta } from '@/lib/request-meta';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { serverEnv } from '@/lib/env';
import { pgPool } from '@/lib/db/prisma';
import { vendorReadsInsertSql, type VendorRead } from '@/lib/audit/record-vendor-reads';
import type { AppLogSources, LogSource } from '@/lib/console/find-app-log-sources';
import { oldestKeptInstant } from '@/lib/logs/log-range';
import { encodeLineRef, type LineRef } from '@/lib/logs/line-ref';
import { logLineJson, logLineSelect, type LogLineJson, type LogLineRow } from '@/lib/logs/log-line-json';
import type { LineContextQuery } from '@/lib/validations/logs';
import { scopeConditions } from '@/lib/log-access/grant-scope-sql';
import { maskServedLine } from '@/lib/log-access/mask-served-line';
import type { GrantScope } from '@/lib/validations/grant-scope';

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
 * for the site like every vendor read, by the read's own statement.
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
  const read: VendorRead = {
    viewer: options.viewer,
    app: sources.app,
    sources: [source],
    kind: 'context',
    details: { at: ref.ts.toISOString(), line: encodeLineRef(ref), before: query.before, after: query.after },
    meta: options.meta,
  };
  const { rows } = await pgPool().query<ContextRow>(lineContextStatement(ref, since, query, read, source.scope));
  const anchor = rows.find((r) => r.part === 'anchor');
  if (!anchor) throw notFound();
  const inOrder = (a: ContextRow, b: ContextRow) => a.ts.getTime() - b.ts.getTime() || (BigInt(a.id) < BigInt(b.id) ? -1 : 1);
  const before = rows.filter((r) => r.part === 'before').sort(inOrder);
  const after = rows.filter((r) => r.part === 'after').sort(inOrder);
  const ordered = [...before.slice(Math.max(0, before.length - query.before)), anchor, ...after.slice(0, query.after)];
  return { anchor: encodeLineRef(ref), lines: ordered.map((row) => servedLine(row, source)), moreBefore: before.length > query.before, moreAfter: after.length > query.after };
}

function notFound() {
  return new AppError('not_found', 'No such line, or its site no longer shares its logs with you.');
}

/**
 * The statement of a context read: the line, and a walk of the primary key
 * each way from it (the row comparison on (ts, id) is an index condition
 * after installation_id's equality; the bounds on ts prune the daily
 * partitions). With `read`, the read's audit row is written by the same
 * statement, only when the line is there, with the lines served: one round
 * trip. Without, it only reads (what the bench times as the raw SQL). The
 * text is the same for every read, so it is prepared once per connection.
 */
export function lineContextStatement(ref: LineRef, since: Date, query: LineContextQuery, read?: VendorRead, scope: GrantScope | null = null) {
  const values: unknown[] = [ref.installationId, ref.ts, ref.id, since, query.before + 1, query.after + 1];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const served = () => `1 + least((SELECT count(*) FROM before_rows), ${bind(query.before)}) + least((SELECT count(*) FROM after_rows), ${bind(query.after)})`;
  // The grant's scope: a line outside it is no line (404), and no line outside it is around one.
  const scoped = scopeConditions(scope, bind).map((c) => ` AND ${c}`).join('');
  const recorded = read ? `, recorded AS (${vendorReadsInsertSql(read, bind, served)} WHERE EXISTS (SELECT 1 FROM anchor))` : '';
  const text = `WITH anchor AS (
      SELECT ${logLineSelect('l')} FROM log_lines l WHERE l.installation_id = $1 AND l.ts = $2 AND l.id = $3::bigint${scoped}
    ), before_rows AS (
      SELECT ${logLineSelect('l')} FROM log_lines l
       WHERE l.installation_id = $1 AND l.ts >= $4 AND l.ts <= $2 AND (l.ts, l.id) < ($2, $3::bigint)${scoped}
       ORDER BY l.ts DESC, l.id DESC LIMIT $5
    ), after_rows AS (
      SELECT ${logLineSelect('l')} FROM log_lines l
       WHERE l.installation_id = $1 AND l.ts >= $2 AND (l.ts, l.id) > ($2, $3::bigint)${scoped}
       ORDER BY l.ts, l.id LIMIT $6
    )${recorded}
    SELECT 'anchor' AS part, * FROM anchor UNION ALL SELECT 'before', * FROM before_rows UNION ALL SELECT 'after', * FROM after_rows`;
  // Prepared once per connection when its text is always the same: unscoped. A scope's text varies with it.
  return { ...(scoped ? {} : { name: read ? 'line-context-recorded' : 'line-context' }), text, values };
}

/** A line as the console serves it: labelled with its site, and with its own reference. */
export function servedLine(row: LogLineRow, source: LogSource): ServedLine {
  const line = logLineJson(row);
  return Object.assign(source.scope?.maskPersonalData ? maskServedLine(line) : line, {
    installationId: source.installationId,
    site: source.siteUrl,
    environment: source.environment.toLowerCase(),
    product: source.product,
    ref: encodeLineRef({ installationId: source.installationId, ts: row.ts, id: row.id }),
  });
}
