import { z } from 'zod';
import { text } from '@/lib/validations/text';
import { LOG_LEVELS, type ApiLogLevel } from '@/lib/validations/logs';
import type { LogLineJson } from '@/lib/logs/log-line-json';

// A grant's scope: what the vendor may see of the site's lines. One schema
// for the Admin Hub's forms, the API's bodies, the stored JSON (the grant's
// `scope`, the organization's `default_grant_scope`) and the server's reads.
// Every dimension is optional; a scope with none is the full grant, stored
// as null.

export const SCOPE_NAMES_MAX = 50;
export const SCOPE_NAME_MAX = 200;

const names = z
  .array(text().trim().min(1, 'a name must not be empty').max(SCOPE_NAME_MAX, `a name must be at most ${SCOPE_NAME_MAX} characters`))
  .min(1, 'list at least one name')
  .max(SCOPE_NAMES_MAX, `list at most ${SCOPE_NAMES_MAX} names`);

/** Modules or functions: only the listed ones (`include`), or all but them (`exclude`). Names match exactly. */
const nameFilter = z.strictObject({ mode: z.enum(['include', 'exclude'], { error: 'mode must be include or exclude' }), values: names });

export const grantScopeSchema = z.strictObject({
  /** The least severe level shown: `warn` shows warnings and errors. */
  minLevel: z.enum(LOG_LEVELS, { error: `minLevel must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  modules: nameFilter.optional(),
  functions: nameFilter.optional(),
  /** Lines stamped at or after this instant (ISO-8601 UTC with Z). */
  since: z.iso.datetime({ offset: true, message: 'since must be an ISO-8601 date-time with an offset or Z' }).transform((v) => new Date(v).toISOString()).optional(),
  /** Personal data in the message and attributes replaced by [email], [ip], … on every path the vendor reads. */
  maskPersonalData: z.boolean({ error: 'maskPersonalData must be true or false' }).optional(),
});

export type GrantScope = z.output<typeof grantScopeSchema>;
export type GrantScopeInput = z.input<typeof grantScopeSchema>;

/** The scope as stored and served: null when it limits nothing (the full grant). */
export function normalizeGrantScope(scope: GrantScope | null | undefined): GrantScope | null {
  if (!scope) return null;
  const kept: GrantScope = {};
  if (scope.minLevel && scope.minLevel !== 'trace') kept.minLevel = scope.minLevel;
  if (scope.modules) kept.modules = { mode: scope.modules.mode, values: [...new Set(scope.modules.values)] };
  if (scope.functions) kept.functions = { mode: scope.functions.mode, values: [...new Set(scope.functions.values)] };
  if (scope.since) kept.since = scope.since;
  if (scope.maskPersonalData) kept.maskPersonalData = true;
  return Object.keys(kept).length ? kept : null;
}

/** A stored scope (JSON from the database) as a GrantScope; anything unreadable limits the vendor to nothing rather than to everything. */
export function storedGrantScope(json: unknown): GrantScope | null {
  if (json === null || json === undefined) return null;
  const parsed = grantScopeSchema.safeParse(json);
  // An include list of no name matches no line (module = ANY('{}') is false).
  return parsed.success ? normalizeGrantScope(parsed.data) : { modules: { mode: 'include', values: [] }, maskPersonalData: true };
}

/** The levels a scope shows, most severe first; all of them without minLevel. */
export function scopeLevels(scope: GrantScope | null): ApiLogLevel[] {
  if (!scope?.minLevel) return [...LOG_LEVELS];
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(scope.minLevel) + 1);
}

const LEVEL_WORDS: Record<ApiLogLevel, string> = {
  error: 'errors only',
  warn: 'warnings and errors',
  info: 'info, warnings and errors',
  debug: 'all but trace',
  trace: 'all levels',
};

/** The scope in words, one phrase per dimension ("warnings and errors", "personal data masked"); empty for the full grant. */
export function describeGrantScope(scope: GrantScope | null): string[] {
  if (!scope) return [];
  const parts: string[] = [];
  if (scope.minLevel) parts.push(LEVEL_WORDS[scope.minLevel]);
  if (scope.modules && scope.modules.values.length === 0) return ['no line (the stored scope could not be read)'];
  if (scope.modules) parts.push(`${scope.modules.mode === 'include' ? 'only modules' : 'modules except'} ${scope.modules.values.join(', ')}`);
  if (scope.functions) parts.push(`${scope.functions.mode === 'include' ? 'only functions' : 'functions except'} ${scope.functions.values.join(', ')}`);
  if (scope.since) parts.push(`lines from ${scope.since.replace(/:00\.000Z$/, 'Z').replace('T', ' ')} on`);
  if (scope.maskPersonalData) parts.push('personal data masked');
  return parts;
}

/** "Scoped: errors only; personal data masked", or "Full access". */
export function grantScopeSentence(scope: GrantScope | null): string {
  const parts = describeGrantScope(scope);
  return parts.length ? `Scoped: ${parts.join('; ')}` : 'Full access';
}

/** POST /api/v1/installations/{id}/log-access/preview answers this. */
export type GrantScopePreview = {
  from: string;
  to: string;
  scope: GrantScope | null;
  /** Lines of the site in the window, and those the vendor would see. */
  total: number;
  shown: number;
  /** Lines the scope hides, each counted once, by the first of these dimensions that hides it. */
  hidden: { level: number; module: number; function: number; since: number };
  /** The newest lines the vendor would see, as the vendor would see them (masked when the scope masks). */
  lines: LogLineJson[];
};

