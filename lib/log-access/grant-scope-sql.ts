import { scopeLevels, type GrantScope } from '@/lib/validations/grant-scope';

// A grant's scope as SQL conditions over log lines, for every read a vendor
// makes (page, count, export, chart, facets, patterns, context, live tail):
// the reads bind values through the caller's `add` (a $n placeholder, or an
// inlined literal for COPY), so the level is a plain predicate on the level
// column and the date a bound on ts, which the indexes serve.

/** An installation read and the scope of the grant it reads under (null: everything). */
export type ScopedSource = { installationId: string; scope: GrantScope | null };

type Add = (value: unknown) => string;

/** The conditions one scope puts on a line of `alias`; none for the full grant. Masking is not a condition: it is applied to the lines read. */
export function scopeConditions(scope: GrantScope | null, add: Add, alias = 'l'): string[] {
  if (!scope) return [];
  const col = (name: string) => `${alias}.${name}`;
  const where: string[] = [];
  if (scope.minLevel) where.push(`${col('level')} = ANY(${add(scopeLevels(scope).map((l) => l.toUpperCase()))}::"LogLevel"[])`);
  const names = (column: string, filter: GrantScope['modules']) => {
    if (!filter) return;
    // Excluding keeps lines without a value there, as the search's negation does.
    where.push(filter.mode === 'include' ? `${column} = ANY(${add(filter.values)}::text[])` : `(${column} IS NULL OR ${column} <> ALL(${add(filter.values)}::text[]))`);
  };
  names(col('module'), scope.modules);
  names(col('"function"'), scope.functions);
  if (scope.since) where.push(`${col('ts')} >= ${add(scope.since)}::timestamptz`);
  return where;
}

/**
 * The scopes of the installations a read covers as conditions: none when no
 * grant limits anything; one scope's conditions when every installation has
 * that scope; otherwise, per group of installations with the same scope,
 * "one of these installations and its scope's conditions", any group.
 */
export function grantScopeConditions(sources: ScopedSource[] | undefined, add: Add, alias = 'l'): string[] {
  if (!sources?.length) return [];
  const groups = new Map<string, { scope: GrantScope | null; ids: string[] }>();
  for (const source of sources) {
    const filtering = filteringPart(source.scope);
    const key = JSON.stringify(filtering);
    const group = groups.get(key) ?? { scope: filtering, ids: [] };
    group.ids.push(source.installationId);
    groups.set(key, group);
  }
  const all = [...groups.values()];
  if (all.length === 1) return scopeConditions(all[0]!.scope, add, alias);
  const anyOf = all.map((g) => [`${alias}.installation_id = ANY(${add(g.ids)}::text[])`, ...scopeConditions(g.scope, add, alias)].join(' AND '));
  return [`((${anyOf.join(') OR (')}))`];
}

/** The part of a scope that limits which lines are read (not the masking), or null. */
function filteringPart(scope: GrantScope | null): GrantScope | null {
  if (!scope) return null;
  const { maskPersonalData: _, ...rest } = scope;
  return Object.keys(rest).length ? rest : null;
}

/** Whether any of the scopes limits which lines are read: the hourly statistics can then not stand in for counting lines. */
export function scopesFilterLines(sources: ScopedSource[] | undefined): boolean {
  return !!sources?.some((s) => filteringPart(s.scope) !== null);
}

/** The installations whose grant masks personal data. */
export function maskedInstallationIds(sources: ScopedSource[] | undefined): string[] {
  return (sources ?? []).filter((s) => s.scope?.maskPersonalData).map((s) => s.installationId);
}
