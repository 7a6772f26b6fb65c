import type { ApiLogLevel } from '@/lib/validations/logs';
import { AppError } from '@/lib/errors';
import { parseSearchQuery, SearchQueryError, type SearchQuery } from '@/lib/search/parse-query';
import { searchQueryCondition, type SearchSource } from '@/lib/search/query-conditions';
import { grantScopeConditions, maskedInstallationIds, type ScopedSource } from '@/lib/log-access/grant-scope-sql';

// The WHERE conditions the log queries share (viewer pages, counts, exports,
// live tail). The caller's `add` binds a value and returns its $n placeholder
// (or an inlined literal, for COPY).

export type LineFilters = {
  levels?: ApiLogLevel[];
  versions?: string[];
  /** A search query (lib/search/parse-query.ts), parsed or as text. */
  q?: SearchQuery | string;
  /** The installations read, with their sites and environments, for the query's site: and env: terms. */
  searchSources?: SearchSource[];
  invocationId?: string;
  /** The installations read with their grants' scopes: a vendor's read serves no line outside them. */
  scopes?: ScopedSource[];
};

export function lineFilterConditions(filters: LineFilters, add: (value: unknown) => string, alias = 'l'): string[] {
  const col = (name: string) => `${alias}.${name}`;
  const where: string[] = [];
  if (filters.levels?.length) where.push(`${col('level')} = ANY(${add(filters.levels.map((l) => l.toUpperCase()))}::"LogLevel"[])`);
  if (filters.versions?.length) where.push(`${col('app_version')} = ANY(${add(filters.versions)}::text[])`);
  if (filters.invocationId) where.push(`${col('invocation_id')} = ${add(filters.invocationId)}`);
  where.push(...searchConditions(filters, add, alias));
  where.push(...grantScopeConditions(filters.scopes, add, alias));
  return where;
}

/**
 * The search's condition (none without a query). Lines of sites whose grant
 * masks personal data are searched as the vendor sees them (SearchContext's
 * `masked`): when only some sites mask, each side gets its own condition.
 */
export function searchConditions(filters: Pick<LineFilters, 'q' | 'searchSources' | 'scopes'>, add: (value: unknown) => string, alias = 'l'): string[] {
  if (!filters.q) return [];
  const query = searchQueryOf(filters.q);
  const context = { add, alias, sources: filters.searchSources };
  const masked = maskedInstallationIds(filters.scopes);
  const plain = () => searchQueryCondition(query, context);
  if (masked.length === 0) return [plain()].filter((c): c is string => c !== null);
  const maskedSearch = searchQueryCondition(query, { ...context, masked: true });
  if (maskedSearch === null) return [];
  if (masked.length === filters.scopes!.length) return [maskedSearch];
  const ids = add(masked);
  return [`((${alias}.installation_id = ANY(${ids}::text[]) AND ${maskedSearch}) OR (${alias}.installation_id <> ALL(${ids}::text[]) AND ${plain()}))`];
}

/** A query as parsed: text is parsed here, and a query that does not parse is a 400 that says where. */
export function searchQueryOf(q: SearchQuery | string): SearchQuery {
  if (typeof q !== 'string') return q;
  try {
    return parseSearchQuery(q);
  } catch (error) {
    if (!(error instanceof SearchQueryError)) throw error;
    throw new AppError('bad_request', `q: ${error.message}`, undefined, { details: { field: 'q', column: error.column, length: error.length } });
  }
}
