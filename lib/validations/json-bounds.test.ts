import { describe, expect, it } from 'vitest';
import { jsonBoundsProblem, jsonDepthExceeds } from '@/lib/validations/json-bounds';

const bounds = { maxDepth: 3, maxEntries: 5, maxKeyChars: 4 };

describe('jsonBoundsProblem', () => {
  it('names the first bound a value breaks: depth, entries, key length', () => {
    expect(jsonBoundsProblem({ a: { b: [1] } }, bounds)).toBeNull();
    expect(jsonBoundsProblem({ a: { b: [[1]] } }, bounds)).toBe('nests deeper than 3 levels');
    expect(jsonBoundsProblem([1, 2, 3, 4, 5, 6], bounds)).toBe('holds more than 5 keys and items in all');
    expect(jsonBoundsProblem({ a: 1, b: 2, c: { d: 1, e: 2, f: 3 } }, bounds)).toBe('holds more than 5 keys and items in all');
    expect(jsonBoundsProblem({ longer: 1 }, bounds)).toBe('holds a key longer than 4 characters');
    expect(jsonBoundsProblem('plain', bounds)).toBeNull();
  });

  it('measures a value nested a million levels deep without overflowing the stack', () => {
    const deep = JSON.parse('['.repeat(1_000_000) + ']'.repeat(1_000_000)) as unknown;
    expect(jsonDepthExceeds(deep, 16)).toBe(true);
    expect(jsonDepthExceeds([[[]]], 3)).toBe(false);
    expect(jsonDepthExceeds([[[[]]]], 3)).toBe(true);
  });

  it('counts keys named like Object.prototype members as the own keys they are', () => {
    const value = JSON.parse('{"__proto__": {"constructor": {"toString": {"x": 1}}}}') as unknown;
    expect(jsonBoundsProblem(value, { ...bounds, maxKeyChars: 20 })).toBe('nests deeper than 3 levels');
  });
});
