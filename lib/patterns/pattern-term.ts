import { MAX_QUERY_LENGTH } from '@/lib/search/parse-query';

/** The query term for the lines of one template: pattern:"…", with \ and " escaped as the query language reads them. */
export function patternTerm(template: string): string {
  return `pattern:"${template.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The query narrowed to one template (the term added to it), or null when that would be longer than a query may be. */
export function queryWithPattern(query: string | undefined, template: string): string | null {
  const next = query?.trim() ? `${query.trim()} ${patternTerm(template)}` : patternTerm(template);
  return next.length <= MAX_QUERY_LENGTH ? next : null;
}
