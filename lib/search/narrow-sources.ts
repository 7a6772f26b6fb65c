import type { SearchNode, SearchQuery } from '@/lib/search/parse-query';
import { sourceMatches, type SearchSource } from '@/lib/search/query-conditions';

/**
 * The sources a query can match at all: a site: or env: term that every
 * matching line must satisfy (one joined by AND at the top, not negated)
 * leaves out the other installations, so they are neither walked nor
 * recorded as read. The query's condition still says the same in SQL.
 */
export function narrowSourcesByQuery<S extends SearchSource>(sources: S[], query: SearchQuery | undefined): S[] {
  const root = query?.root;
  if (!root) return sources;
  const conjuncts: SearchNode[] = root.kind === 'and' ? root.items : [root];
  let narrowed = sources;
  for (const term of conjuncts) {
    if (term.kind === 'field' && (term.field === 'site' || term.field === 'env')) {
      const field = term.field;
      narrowed = narrowed.filter((s) => sourceMatches(s, field, term.value));
    }
  }
  return narrowed;
}
