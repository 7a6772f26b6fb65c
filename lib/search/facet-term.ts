import { isJsonNumber, parseSearchQuery } from '@/lib/search/parse-query';

// The query term a facet value adds to the viewer's search (parse-query.ts):
// `field:value`, `attr.key:value`, or with a leading `-` to leave it out.
// Pure, shared by the browser (facet clicks) and the tests.

export type FacetField = 'site' | 'env' | 'level' | 'version' | 'module' | 'function';
/** An attribute value's JSON type: a number, true, false or null is written bare, a string quoted when it needs it. */
export type FacetValueType = 'string' | 'number' | 'boolean' | 'null';

/** An attribute key the query language can name: attr.<key> splits at dots and a word ends at a space, parenthesis, quote or colon. */
export function isSearchableAttributeKey(key: string): boolean {
  return key !== '' && !/[\s().":\\]/.test(key) && !/[\u0000-\u001f\u007f]/.test(key);
}

/** A value as the query language reads it back unchanged: bare when it can be, else in quotes with \" and \\ escaped. */
export function quoteValue(value: string): string {
  const bare = value !== '' && !/[\s()"\\]/.test(value) && !/^[<>]/.test(value);
  return bare ? value : `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The term for one facet value. For an attribute, a string that reads as a
 * number, true, false or null is quoted, so it matches the string only; a
 * typed value is bare (and then, as the language says, also matches the same text).
 * Null when the language cannot say it (a key with a dot or a space, a
 * field value starting with < or >): such a value is shown, not offered.
 */
export function facetTerm(options: { field: FacetField } | { attribute: string; type: FacetValueType }, value: string, exclude = false): string | null {
  const sign = exclude ? '-' : '';
  // A field's value that starts with < or > reads as a comparison, which only attributes take, quoted or not.
  if ('field' in options) return /^[<>]/.test(value) ? null : `${sign}${options.field}:${quoteValue(value)}`;
  if (!isSearchableAttributeKey(options.attribute)) return null;
  const readsTyped = value === 'true' || value === 'false' || value === 'null' || isJsonNumber(value);
  const written = options.type === 'string' ? (readsTyped ? `"${value}"` : quoteValue(value)) : value;
  return `${sign}attr.${options.attribute}:${written}`;
}

/**
 * The query with a term added (AND). A query whose top level is an OR is put
 * in parentheses first, as AND binds tighter (`a OR b` + t is `(a OR b) t`,
 * not `a OR (b t)`). A query that does not parse gets the term alone (the
 * server would refuse it anyway); a term already there is not added twice.
 */
export function addTermToQuery(query: string | undefined, term: string): string {
  const text = (query ?? '').trim();
  if (!text) return term;
  let root;
  try {
    root = parseSearchQuery(text).root;
  } catch {
    return term;
  }
  if (!root) return term;
  const terms = root.kind === 'and' ? root.items.map((item) => text.slice(item.start, item.end)) : [text.slice(root.start, root.end)];
  if (terms.includes(term)) return text;
  return root.kind === 'or' ? `(${text}) ${term}` : `${text} ${term}`;
}
