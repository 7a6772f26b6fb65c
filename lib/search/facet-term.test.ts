import { describe, expect, it } from 'vitest';
import { addTermToQuery, facetTerm, isSearchableAttributeKey, quoteValue } from '@/lib/search/facet-term';
import { parseSearchQuery, type SearchNode } from '@/lib/search/parse-query';

/** The one term a facet adds, as the parser reads it back. */
function parsedTerm(term: string): SearchNode {
  const root = parseSearchQuery(term).root!;
  return root;
}

describe('facetTerm', () => {
  it.each([
    ['acme.atlassian.net', 'module:acme.atlassian.net'],
    ['scheduled/payroll export', 'module:"scheduled/payroll export"'],
    ['say "hi" (now)', 'module:"say \\"hi\\" (now)"'],
    ['back\\slash', 'module:"back\\\\slash"'],
  ])('a field value %j reads back unchanged as %s', (value, term) => {
    expect(facetTerm({ field: 'module' }, value)).toBe(term);
    expect(parsedTerm(term)).toMatchObject({ kind: 'field', field: 'module', value });
  });

  it('offers no term the language cannot say', () => {
    expect(facetTerm({ field: 'module' }, '>5')).toBeNull();
    expect(facetTerm({ attribute: 'a.b', type: 'string' }, 'x')).toBeNull();
    expect(facetTerm({ attribute: 'code', type: 'string' }, '>5')).toBe('attr.code:">5"');
    expect(parsedTerm('attr.code:">5"')).toMatchObject({ kind: 'attr', op: '=', value: '>5', isQuoted: true });
  });

  it('excludes with a leading minus', () => {
    expect(facetTerm({ field: 'level' }, 'error', true)).toBe('-level:error');
    expect(parsedTerm('-level:error')).toMatchObject({ kind: 'not', item: { kind: 'field', field: 'level', value: 'error' } });
  });

  it.each<[string, 'string' | 'number' | 'boolean' | 'null', string, boolean]>([
    ['502', 'number', 'attr.statusCode:502', false],
    ['502', 'string', 'attr.statusCode:"502"', true],
    ['true', 'boolean', 'attr.statusCode:true', false],
    ['null', 'string', 'attr.statusCode:"null"', true],
    ['GET /api', 'string', 'attr.statusCode:"GET /api"', true],
    ['ok', 'string', 'attr.statusCode:ok', false],
  ])('attribute value %j of type %s is %s', (value, type, term, isQuoted) => {
    expect(facetTerm({ attribute: 'statusCode', type }, value)).toBe(term);
    expect(parsedTerm(term)).toMatchObject({ kind: 'attr', path: ['statusCode'], op: '=', value, isQuoted });
  });

  it('knows which attribute keys the language can name', () => {
    expect(['statusCode', 'user_id', 'x-request-id'].every(isSearchableAttributeKey)).toBe(true);
    expect(['a.b', 'a b', 'a:b', '', 'a"b', '(a)'].some(isSearchableAttributeKey)).toBe(false);
  });

  it('quotes empty values', () => {
    expect(quoteValue('')).toBe('""');
  });
});

describe('addTermToQuery', () => {
  it('adds a term with AND, parenthesising a top-level OR', () => {
    expect(addTermToQuery(undefined, 'level:error')).toBe('level:error');
    expect(addTermToQuery('timeout', 'level:error')).toBe('timeout level:error');
    expect(addTermToQuery('a OR b', 'level:error')).toBe('(a OR b) level:error');
    const root = parseSearchQuery('(a OR b) level:error').root!;
    expect(root).toMatchObject({ kind: 'and', items: [{ kind: 'or' }, { kind: 'field', field: 'level' }] });
  });

  it('does not add a term twice, and replaces a query that does not parse', () => {
    expect(addTermToQuery('timeout level:error', 'level:error')).toBe('timeout level:error');
    expect(addTermToQuery('"open', 'level:error')).toBe('level:error');
  });
});
