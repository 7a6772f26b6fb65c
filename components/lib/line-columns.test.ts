import { describe, expect, it } from 'vitest';
import { attributeCell, columnsOffered, exactTerm, MAX_COLUMNS, parseColumns } from '@/components/lib/line-columns';
import { parseSearchQuery } from '@/lib/search/parse-query';

describe('line list columns', () => {
  it('keeps well-formed attribute paths from the URL, once each, at most MAX_COLUMNS', () => {
    expect(parseColumns('attr.statusCode,attr.user.id')).toEqual(['attr.statusCode', 'attr.user.id']);
    expect(parseColumns(null)).toEqual([]);
    expect(parseColumns('attr.a, attr.a ,message,attr.,attr..b,attr.a b,level,attr.x;drop,constructor,' + `attr.${'k'.repeat(100)}`)).toEqual(['attr.a']);
    const many = Array.from({ length: 20 }, (_, i) => `attr.k${i}`).join(',');
    expect(parseColumns(many)).toHaveLength(MAX_COLUMNS);
  });

  it('reads the cell of a column from the attributes: text as is, others as JSON, absent or inherited as empty', () => {
    const attributes = { statusCode: 502, user: { id: '42', roles: ['a'] }, ok: false, none: null };
    expect(attributeCell(attributes, 'attr.statusCode')).toBe('502');
    expect(attributeCell(attributes, 'attr.user.id')).toBe('42');
    expect(attributeCell(attributes, 'attr.user.roles')).toBe('["a"]');
    expect(attributeCell(attributes, 'attr.user')).toBe('{"id":"42","roles":["a"]}');
    expect(attributeCell(attributes, 'attr.ok')).toBe('false');
    expect(attributeCell(attributes, 'attr.none')).toBe('null');
    expect(attributeCell(attributes, 'attr.missing')).toBe('');
    expect(attributeCell(attributes, 'attr.statusCode.deeper')).toBe('');
    expect(attributeCell(attributes, 'attr.constructor')).toBe('');
    expect(attributeCell(null, 'attr.a')).toBe('');
    expect(attributeCell('{"too":"deep"}', 'attr.too')).toBe('');
  });

  it('offers the paths that occur most, nested ones too, well-formed only', () => {
    const lines = [{ attributes: { statusCode: 1, user: { id: 1 } } }, { attributes: { statusCode: 2, 'bad key': 1 } }, { attributes: null }, { attributes: 'text' }];
    expect(columnsOffered(lines)).toEqual(['attr.statusCode', 'attr.user', 'attr.user.id']);
    expect(columnsOffered(lines, 1)).toEqual(['attr.statusCode']);
  });

  it('writes exact terms the search language reads back to the same value', () => {
    for (const value of ['inv-1', 'a "quoted" id', 'back\\slash', 'with space', '"']) {
      for (const field of ['invocation', 'trace'] as const) {
        const term = exactTerm(field, value);
        expect(parseSearchQuery(term).root).toMatchObject({ field, value });
      }
    }
  });
});
