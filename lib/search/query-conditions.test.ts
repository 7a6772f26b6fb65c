import fc from 'fast-check';
import { templateRegex } from '@/lib/patterns/template-regex';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { parseSearchQuery, SearchQueryError } from '@/lib/search/parse-query';
import { narrowSourcesByQuery } from '@/lib/search/narrow-sources';
import { escapeLike, searchQueryCondition, type SearchSource } from '@/lib/search/query-conditions';

const SOURCES: SearchSource[] = [
  { installationId: 'i-acme-prod', siteUrl: 'https://acme.atlassian.net', environment: 'PRODUCTION' },
  { installationId: 'i-acme-stg', siteUrl: 'https://acme-staging.atlassian.net', environment: 'STAGING' },
  { installationId: 'i-globex', siteUrl: 'https://globex.atlassian.net', environment: 'PRODUCTION' },
];

function compile(q: string, options: { withSources: boolean } = { withSources: true }) {
  const params: unknown[] = [];
  const sql = searchQueryCondition(parseSearchQuery(q), { add: (v) => `$${params.push(v)}`, sources: options.withSources ? SOURCES : undefined });
  return { sql, params };
}

describe('searchQueryCondition', () => {
  it('matches a word as an escaped case-insensitive substring, and a level word also by level', () => {
    expect(compile('timeout')).toEqual({ sql: 'l.message ILIKE $1', params: ['%timeout%'] });
    expect(compile('50%_off\\')).toEqual({ sql: 'l.message ILIKE $1', params: ['%50\\%\\_off\\\\%'] });
    expect(compile('ERROR')).toEqual({ sql: "(l.message ILIKE $1 OR l.level = 'ERROR')", params: ['%ERROR%'] });
    expect(compile('warning').sql).toBe("(l.message ILIKE $1 OR l.level = 'WARN')");
  });

  it('matches a phrase as one substring', () => {
    expect(compile('"connection reset by peer"')).toEqual({ sql: 'l.message ILIKE $1', params: ['%connection reset by peer%'] });
  });

  it('joins AND, OR and exclusions, an exclusion keeping lines where the condition is NULL', () => {
    expect(compile('a -b OR c')).toEqual({ sql: '((l.message ILIKE $1 AND (l.message ILIKE $2) IS NOT TRUE) OR l.message ILIKE $3)', params: ['%a%', '%b%', '%c%'] });
  });

  it('maps the fields onto columns', () => {
    expect(compile('level:warn').sql).toBe("l.level = 'WARN'");
    expect(compile('invocation:inv-1 trace:t-9')).toEqual({ sql: '(l.invocation_id = $1 AND l.trace_id = $2)', params: ['inv-1', 't-9'] });
    expect(compile('module:pay_ments function:charge version:2.1')).toEqual({
      sql: '(l.module ILIKE $1 AND l."function" ILIKE $2 AND l.app_version ILIKE $3)',
      params: ['pay\\_ments%', 'charge%', '2.1%'],
    });
  });

  it('maps pattern: onto the anchored regular expression of its template', () => {
    expect(compile('pattern:"took <num> ms (x)"')).toEqual({ sql: 'l.message ~ $1', params: [templateRegex('took <num> ms (x)')] });
    expect(templateRegex('took <num> ms (x)')).toMatch(/^\^took \(\?:.*\) ms \\\(x\\\)\$$/);
  });

  it('maps site: and env: onto the installations they choose, false when none', () => {
    expect(compile('site:ACME')).toEqual({ sql: 'l.installation_id = ANY($1::text[])', params: [['i-acme-prod', 'i-acme-stg']] });
    expect(compile('env:prod')).toEqual({ sql: 'l.installation_id = ANY($1::text[])', params: [['i-acme-prod', 'i-globex']] });
    expect(compile('site:initech').sql).toBe('false');
  });

  it('refuses site: and env: where no sources are given, saying where', () => {
    const attempt = () => compile('ok site:acme', { withSources: false });
    expect(attempt).toThrow(AppError);
    expect(attempt).toThrow(/column 4/);
    try {
      attempt();
    } catch (error) {
      expect((error as AppError).more.details).toEqual({ field: 'q', column: 4, length: 9 });
    }
  });

  it('matches an attribute by containment, a number, boolean or null either typed or as a string', () => {
    expect(compile('attr.route:/checkout')).toEqual({ sql: 'l.attributes @> $1::jsonb', params: ['{"route":"/checkout"}'] });
    expect(compile('attr.statusCode:502')).toEqual({
      sql: '(l.attributes @> $1::jsonb OR l.attributes @> $2::jsonb)',
      params: ['{"statusCode":502}', '{"statusCode":"502"}'],
    });
    expect(compile('attr.user.id:12345678901234567890').params).toEqual(['{"user":{"id":12345678901234567890}}', '{"user":{"id":"12345678901234567890"}}']);
    expect(compile('attr.ok:true').params).toEqual(['{"ok":true}', '{"ok":"true"}']);
    expect(compile('attr.code:"502"').params).toEqual(['{"code":"502"}']);
    expect(compile('attr.code:007').params).toEqual(['{"code":"007"}']);
    expect(compile('attr.é.c\\:x').params).toEqual(['{"é":{"c\\\\":"x"}}']);
  });

  it('compares numeric attributes with the cast guarded by CASE', () => {
    const path = 'l.attributes #> $1::text[]';
    expect(compile('attr.timing.ms:>=1000')).toEqual({
      sql: `(jsonb_typeof(${path}) = 'number' AND CASE WHEN jsonb_typeof(${path}) = 'number' THEN (${path})::numeric >= $2::numeric END)`,
      params: [['timing', 'ms'], '1000'],
    });
  });

  it('uses the alias it is given', () => {
    const params: unknown[] = [];
    expect(searchQueryCondition(parseSearchQuery('x level:info'), { add: (v) => `$${params.push(v)}`, alias: 'log_lines' })).toBe("(log_lines.message ILIKE $1 AND log_lines.level = 'INFO')");
    expect(searchQueryCondition(parseSearchQuery(' '), { add: () => '$1' })).toBeNull();
  });

  it('puts every value in a parameter: no query text reaches the SQL', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (q) => {
        let compiled: { sql: string | null } | null = null;
        try {
          compiled = compile(q);
        } catch (error) {
          expect(error).toBeInstanceOf(SearchQueryError);
          return;
        }
        const sql = compiled.sql ?? '';
        // Once the placeholders and fixed words are gone, nothing is left that came from the query.
        const rest = sql
          .replace(/\$\d+(::(jsonb|text\[\]|numeric))?/g, '')
          .replace(/'(ERROR|WARN|INFO|DEBUG|TRACE|number)'/g, '')
          .replace(/\b(l\.(message|level|module|"function"|app_version|invocation_id|trace_id|installation_id|attributes)|ILIKE|OR|AND|IS NOT TRUE|ANY|false|jsonb_typeof|CASE WHEN|THEN|END|numeric)\b/g, '')
          .replace(/l\."function"|#>|@>|>=|<=|[=<>()\s:]/g, '');
        expect(rest).toBe('');
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('narrowSourcesByQuery', () => {
  const ids = (q: string) => narrowSourcesByQuery(SOURCES, parseSearchQuery(q)).map((s) => s.installationId);

  it('keeps the sources every line must come from, by the top-level site: and env: terms', () => {
    expect(ids('error site:acme env:production')).toEqual(['i-acme-prod']);
    expect(ids('env:staging')).toEqual(['i-acme-stg']);
    // Under OR or an exclusion, the condition decides line by line.
    expect(ids('site:acme OR env:production')).toEqual(['i-acme-prod', 'i-acme-stg', 'i-globex']);
    expect(ids('-site:acme')).toEqual(['i-acme-prod', 'i-acme-stg', 'i-globex']);
  });
});

describe('escapeLike', () => {
  it('escapes the wildcards and the escape character', () => {
    expect(escapeLike('a%b_c\\d')).toBe('a\\%b\\_c\\\\d');
  });
});
