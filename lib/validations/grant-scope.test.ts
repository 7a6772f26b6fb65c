import { describe, expect, it } from 'vitest';
import { describeGrantScope, grantScopeSchema, grantScopeSentence, normalizeGrantScope, scopeLevels, storedGrantScope } from '@/lib/validations/grant-scope';

describe('a grant scope', () => {
  it('is the full grant (null) when it limits nothing', () => {
    expect(normalizeGrantScope(grantScopeSchema.parse({}))).toBeNull();
    expect(normalizeGrantScope(grantScopeSchema.parse({ minLevel: 'trace', maskPersonalData: false }))).toBeNull();
    expect(normalizeGrantScope(null)).toBeNull();
  });

  it('keeps what limits, names once each, and the date as UTC', () => {
    const scope = normalizeGrantScope(grantScopeSchema.parse({ minLevel: 'warn', modules: { mode: 'exclude', values: ['auth', 'auth'] }, since: '2026-12-01T01:00:00+01:00', maskPersonalData: true }));
    expect(scope).toEqual({ minLevel: 'warn', modules: { mode: 'exclude', values: ['auth'] }, since: '2026-12-01T00:00:00.000Z', maskPersonalData: true });
    expect(scopeLevels(scope)).toEqual(['error', 'warn']);
    expect(scopeLevels(null)).toEqual(['error', 'warn', 'info', 'debug', 'trace']);
    expect(describeGrantScope(scope)).toEqual(['warnings and errors', 'modules except auth', 'lines from 2026-12-01 00:00Z on', 'personal data masked']);
    expect(grantScopeSentence(null)).toBe('Full access');
    expect(grantScopeSentence({ minLevel: 'error', maskPersonalData: true })).toBe('Scoped: errors only; personal data masked');
  });

  it('refuses unknown fields, levels, empty lists and local times with a message that names them', () => {
    const problem = (input: unknown) => grantScopeSchema.safeParse(input).error?.issues[0]?.message;
    expect(problem({ level: 'error' })).toMatch(/level/);
    expect(problem({ minLevel: 'fatal' })).toMatch(/minLevel must be one of/);
    expect(problem({ modules: { mode: 'include', values: [] } })).toMatch(/at least one name/);
    expect(problem({ functions: { mode: 'only', values: ['a'] } })).toMatch(/include or exclude/);
    expect(problem({ since: '2026-12-01T00:00:00' })).toMatch(/offset or Z/);
    expect(problem({ modules: { mode: 'include', values: Array.from({ length: 51 }, (_, i) => `m${i}`) } })).toMatch(/at most 50/);
  });

  it('reads a stored scope it cannot parse as one that shows nothing, never as the full grant', () => {
    const scope = storedGrantScope({ minLevel: 'loud' });
    expect(scope).not.toBeNull();
    expect(scope?.maskPersonalData).toBe(true);
    expect(storedGrantScope(null)).toBeNull();
  });
});
