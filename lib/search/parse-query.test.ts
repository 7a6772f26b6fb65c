import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patternTerm, queryWithPattern } from '@/lib/patterns/pattern-term';
import { MAX_QUERY_DEPTH, MAX_QUERY_LENGTH, MAX_QUERY_TERMS, parseSearchQuery, SearchQueryError, type SearchNode } from '@/lib/search/parse-query';

const root = (q: string) => parseSearchQuery(q).root;

/** The tree without positions, to compare shapes. */
function shape(node: SearchNode | null): unknown {
  if (!node) return null;
  switch (node.kind) {
    case 'and':
    case 'or':
      return { [node.kind]: node.items.map(shape) };
    case 'not':
      return { not: shape(node.item) };
    case 'text':
      return node.isPhrase ? { phrase: node.text } : node.level ? { word: node.text, level: node.level } : { word: node.text };
    case 'field':
      return { [node.field]: node.value };
    case 'attr':
      return { attr: node.path.join('.'), op: node.op, value: node.value, ...(node.isQuoted ? { quoted: true } : {}) };
  }
}

function errorOf(q: string): SearchQueryError {
  try {
    parseSearchQuery(q);
  } catch (error) {
    if (error instanceof SearchQueryError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(q)} not to parse`);
}

describe('parseSearchQuery', () => {
  it('reads words as an AND of substrings, a level word also naming the level', () => {
    expect(shape(root('timeout'))).toEqual({ word: 'timeout' });
    expect(shape(root('payment timeout'))).toEqual({ and: [{ word: 'payment' }, { word: 'timeout' }] });
    expect(shape(root('payment AND timeout'))).toEqual({ and: [{ word: 'payment' }, { word: 'timeout' }] });
    expect(shape(root('Error'))).toEqual({ word: 'Error', level: 'error' });
    expect(shape(root('warning'))).toEqual({ word: 'warning', level: 'warn' });
    expect(shape(root('constructor'))).toEqual({ word: 'constructor' });
  });

  it('reads a blank query as no condition', () => {
    expect(parseSearchQuery('').root).toBeNull();
    expect(parseSearchQuery('  \t ').root).toBeNull();
  });

  it('reads "exact phrases" with \\" and \\\\ escapes, and a phrase is never a level', () => {
    expect(shape(root('"connection reset" db'))).toEqual({ and: [{ phrase: 'connection reset' }, { word: 'db' }] });
    expect(shape(root('"say \\"hi\\" \\\\ bye"'))).toEqual({ phrase: 'say "hi" \\ bye' });
    expect(shape(root('"error"'))).toEqual({ phrase: 'error' });
  });

  it('reads -term and NOT term as exclusions', () => {
    expect(shape(root('error -healthcheck'))).toEqual({ and: [{ word: 'error', level: 'error' }, { not: { word: 'healthcheck' } }] });
    expect(shape(root('-"GET /health"'))).toEqual({ not: { phrase: 'GET /health' } });
    expect(shape(root('NOT level:debug'))).toEqual({ not: { level: 'debug' } });
    expect(shape(root('-(a OR b)'))).toEqual({ not: { or: [{ word: 'a' }, { word: 'b' }] } });
    // A hyphen inside a word or alone is text.
    expect(shape(root('re-try -'))).toEqual({ and: [{ word: 're-try' }, { word: '-' }] });
  });

  it('binds AND tighter than OR, and parentheses group', () => {
    expect(shape(root('a b OR c'))).toEqual({ or: [{ and: [{ word: 'a' }, { word: 'b' }] }, { word: 'c' }] });
    expect(shape(root('a (b OR c)'))).toEqual({ and: [{ word: 'a' }, { or: [{ word: 'b' }, { word: 'c' }] }] });
    // Lower-case or is a word.
    expect(shape(root('a or b'))).toEqual({ and: [{ word: 'a' }, { word: 'or' }, { word: 'b' }] });
  });

  it('reads every field, with its aliases, levels and environments checked', () => {
    expect(shape(root('level:ERROR level:warning'))).toEqual({ and: [{ level: 'error' }, { level: 'warn' }] });
    expect(shape(root('site:acme env:prod environment:staging'))).toEqual({ and: [{ site: 'acme' }, { env: 'production' }, { env: 'staging' }] });
    expect(shape(root('version:2.1 module:billing function:charge'))).toEqual({ and: [{ version: '2.1' }, { module: 'billing' }, { function: 'charge' }] });
    expect(shape(root('invocation:inv-1 trace:abc traceId:def'))).toEqual({ and: [{ invocation: 'inv-1' }, { trace: 'abc' }, { trace: 'def' }] });
    expect(shape(root('module:"billing jobs"'))).toEqual({ module: 'billing jobs' });
    // An unknown name before a colon is text (URLs, key:value in messages).
    expect(shape(root('https://x.io/a status:ok'))).toEqual({ and: [{ word: 'https://x.io/a' }, { word: 'status:ok' }] });
  });

  it('reads pattern:"template", the template as written (queryWithPattern escapes it)', () => {
    const template = 'user <num> said "hi" \\ (<str>)';
    expect(shape(root(queryWithPattern('level:error', template)!))).toEqual({ and: [{ level: 'error' }, { pattern: template }] });
    expect(shape(root(patternTerm(template)))).toEqual({ pattern: template });
    expect(shape(root('-pattern:"a <num>"'))).toEqual({ not: { pattern: 'a <num>' } });
    expect(shape(root('pattern:"<ts> up"'))).toEqual({ pattern: '<ts> up' });
    expect(queryWithPattern('x', 'y'.repeat(MAX_QUERY_LENGTH))).toBeNull();
    expect(errorOf('pattern:').message).toContain('needs a value');
    expect(errorOf('pattern:"open').message).toContain('never closed');
  });

  it('reads attributes: nested paths, quoted values and numeric comparisons', () => {
    expect(shape(root('attr.statusCode:502'))).toEqual({ attr: 'statusCode', op: '=', value: '502' });
    expect(shape(root('attr.user.id:42'))).toEqual({ attr: 'user.id', op: '=', value: '42' });
    expect(shape(root('attr.route:"/a b"'))).toEqual({ attr: 'route', op: '=', value: '/a b', quoted: true });
    for (const op of ['>', '>=', '<', '<='] as const) expect(shape(root(`attr.durationMs:${op}1.5e3`))).toEqual({ attr: 'durationMs', op, value: '1.5e3' });
    expect(shape(root('attr.delta:>-3'))).toEqual({ attr: 'delta', op: '>', value: '-3' });
  });

  it('gives every node its span in the text', () => {
    const node = root('ab  -"c d" (e OR attr.f:1)');
    expect(node).toMatchObject({ kind: 'and', start: 0, end: 26 });
    const [a, not, group] = (node as SearchNode & { kind: 'and' }).items;
    expect(a).toMatchObject({ start: 0, end: 2 });
    expect(not).toMatchObject({ kind: 'not', start: 4, end: 10, item: { start: 5, end: 10 } });
    expect(group).toMatchObject({ kind: 'or', start: 11, end: 26 });
  });

  it.each([
    ['"never closed', 1, 'never closed'],
    ['a "b', 3, 'never closed'],
    ['a OR', 3, 'OR needs a term after it'],
    ['OR a', 1, 'OR needs a term before it'],
    ['a OR OR b', 3, 'OR needs a term after it'],
    ['AND a', 1, 'AND needs a term before it'],
    ['(a b', 1, 'never closed'],
    ['a b)', 4, 'closes no ('],
    ['()', 1, 'Empty parentheses'],
    ['a NOT', 3, 'Nothing to exclude'],
    ['""', 1, 'empty phrase'],
    ['level:fatal', 7, 'Unknown level "fatal"'],
    ['level:', 6, 'needs a value'],
    ['env:moon', 5, 'Unknown environment'],
    ['site:>3', 6, 'equality only'],
    ['x attr.durationMs:>slow', 19, 'needs a number'],
    ['attr.durationMs:>1e999', 17, 'needs a number'],
    ['attr.:1', 1, 'needs a name'],
    ['attr.a..b:1', 1, 'no empty keys'],
    ['attr.statusCode', 1, 'needs a colon'],
    ['attr.a.b.c.d.e.f.g.h.i:1', 1, 'at most 8 keys'],
    ['ok\u0000', 3, 'control characters'],
    ['a \ud800 b', 3, 'unpaired surrogate'],
  ])('refuses %j at column %i: %s', (q, column, message) => {
    const error = errorOf(q);
    expect(error.column).toBe(column);
    expect(error.message).toContain(message);
    expect(error.message).toContain(`(column ${column})`);
    expect(error.length).toBeGreaterThanOrEqual(1);
  });

  it('bounds length, terms and nesting', () => {
    expect(parseSearchQuery('a'.repeat(MAX_QUERY_LENGTH)).root).not.toBeNull();
    expect(errorOf('a'.repeat(MAX_QUERY_LENGTH + 1))).toMatchObject({ column: MAX_QUERY_LENGTH + 1 });
    expect(errorOf('x'.repeat(10_000_000)).message).toContain(`at most ${MAX_QUERY_LENGTH} characters`);
    const terms = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
    expect(parseSearchQuery(terms(MAX_QUERY_TERMS)).root).toMatchObject({ kind: 'and' });
    expect(errorOf(terms(MAX_QUERY_TERMS + 1))).toMatchObject({ column: terms(MAX_QUERY_TERMS).length + 2 });
    const nested = (n: number) => `${'('.repeat(n)}a${')'.repeat(n)}`;
    expect(shape(root(nested(MAX_QUERY_DEPTH)))).toEqual({ word: 'a' });
    expect(errorOf(nested(MAX_QUERY_DEPTH + 1))).toMatchObject({ column: MAX_QUERY_DEPTH + 1 });
    expect(errorOf('NOT '.repeat(MAX_QUERY_DEPTH + 1) + 'a').message).toContain('nest at most');
    // Hyphens after the first belong to the word: ---a excludes "--a".
    expect(shape(root('---a'))).toEqual({ not: { word: '--a' } });
    expect(errorOf('('.repeat(400)).message).toContain('nest at most');
  });

  it('parses any text or throws only a SearchQueryError whose column lies within it', () => {
    const alphabet = fc.constantFrom(...'ab -"()\\:.<>=OR AND NOT attr.x: level:error site:a \u0000\ud800é'.split(/(?=.)/u), 'OR', 'AND', 'NOT', 'attr.', 'level:', '"', '(', ')');
    const queries = fc.oneof(fc.string({ maxLength: 600 }), fc.array(alphabet, { maxLength: 200 }).map((parts) => parts.join('')), fc.string({ unit: 'binary', maxLength: 100 }));
    fc.assert(
      fc.property(queries, (q) => {
        try {
          const parsed = parseSearchQuery(q);
          const check = (node: SearchNode, depth: number): number => {
            expect(node.start).toBeGreaterThanOrEqual(0);
            expect(node.end).toBeLessThanOrEqual(q.length);
            expect(depth).toBeLessThanOrEqual(2 * MAX_QUERY_DEPTH + 2);
            if (node.kind === 'and' || node.kind === 'or') return node.items.reduce((n, item) => n + check(item, depth + 1), 0);
            if (node.kind === 'not') return check(node.item, depth + 1);
            return 1;
          };
          if (parsed.root) expect(check(parsed.root, 0)).toBeLessThanOrEqual(MAX_QUERY_TERMS);
        } catch (error) {
          expect(error).toBeInstanceOf(SearchQueryError);
          const { column, length } = error as SearchQueryError;
          expect(column).toBeGreaterThanOrEqual(1);
          expect(column).toBeLessThanOrEqual(q.length + 1);
          expect(length).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('reads back a query of plain words as those words, in order', () => {
    const word = fc.stringMatching(/^[a-z0-9_.\/]{1,12}$/).filter((w) => !w.startsWith('attr.'));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: MAX_QUERY_TERMS }), (words) => {
        const parsed = root(words.join(' '));
        const texts = parsed?.kind === 'and' ? parsed.items.map((i) => (i.kind === 'text' ? i.text : null)) : [parsed?.kind === 'text' ? parsed.text : null];
        expect(texts).toEqual(words);
      }),
    );
  });
});
