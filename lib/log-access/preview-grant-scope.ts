import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import { levelsWithinScopes } from '@/lib/console/app-log-filters';
import { scopeConditions } from '@/lib/log-access/grant-scope-sql';
import { maskServedLine } from '@/lib/log-access/mask-served-line';
import { findLogSlice } from '@/lib/logs/find-log-slice';
import { normalizeGrantScope, type GrantScope, type GrantScopePreview } from '@/lib/validations/grant-scope';

/** The window the preview looks at, back from now. */
export const PREVIEW_WINDOW_MS = 86_400_000;
/** The newest lines it shows. */
export const PREVIEW_LINES = 50;

/**
 * What the vendor would see of an installation's last 24 hours under a scope:
 * the newest lines, read by the vendor's own page read with the scope, and
 * how many lines each dimension of the scope hides, counted in one statement
 * over the window. Reads only; the caller is a site admin (the route checks).
 */
export async function previewGrantScope(options: { installationId: string; scope: GrantScope | null; now?: Date }): Promise<GrantScopePreview> {
  const to = options.now ?? new Date();
  const from = new Date(to.getTime() - PREVIEW_WINDOW_MS);
  const scope = normalizeGrantScope(options.scope);
  const scopes = [{ installationId: options.installationId, scope }];
  const [counts, slice] = await Promise.all([
    countHidden(options.installationId, from, to, scope),
    findLogSlice({ installationIds: [options.installationId], from, to, limit: PREVIEW_LINES, scopes, levels: levelsWithinScopes(undefined, scopes) }),
  ]);
  const lines = slice.lines.map(({ installationId: _, ...line }) => (scope?.maskPersonalData ? maskServedLine(line) : line));
  return { from: from.toISOString(), to: to.toISOString(), scope, ...counts, lines };
}

async function countHidden(installationId: string, from: Date, to: Date, scope: GrantScope | null) {
  const params: unknown[] = [installationId, from, to];
  const add = (value: unknown) => `$${params.push(value)}`;
  // A line without a module fails an include list with NULL, not false: coalesce makes every test true or false.
  const passes = (part: GrantScope) => `coalesce(${scopeConditions(part, add).map((c) => `(${c})`).join(' AND ') || 'true'}, false)`;
  const level = passes({ minLevel: scope?.minLevel });
  const modules = passes({ modules: scope?.modules });
  const fn = passes({ functions: scope?.functions });
  const since = passes({ since: scope?.since });
  const { rows } = await pgPool().query<{ total: number; level: number; module: number; function: number; since: number }>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE NOT ${level})::int AS level,
            count(*) FILTER (WHERE ${level} AND NOT ${modules})::int AS module,
            count(*) FILTER (WHERE ${level} AND ${modules} AND NOT ${fn})::int AS function,
            count(*) FILTER (WHERE ${level} AND ${modules} AND ${fn} AND NOT ${since})::int AS since
       FROM log_lines l WHERE l.installation_id = $1 AND l.ts >= $2 AND l.ts < $3`,
    params,
  );
  const row = rows[0]!;
  const hidden = { level: row.level, module: row.module, function: row.function, since: row.since };
  return { total: row.total, shown: row.total - hidden.level - hidden.module - hidden.function - hidden.since, hidden };
}
