import { describe, expect, it } from 'vitest';
import { servedAttributes } from '@/lib/logs/log-line-json';

describe('servedAttributes', () => {
  it('serves attributes within the bound as the object they are, prototype-named keys included', () => {
    expect(servedAttributes('{"__proto__": {"a": 1}, "constructor": 2}')).toEqual(JSON.parse('{"__proto__": {"a": 1}, "constructor": 2}'));
    expect(Object.keys(servedAttributes('{"__proto__": 1}') as object)).toEqual(['__proto__']);
    expect(servedAttributes(null)).toBeNull();
  });

  it('serves attributes nested far beyond the bound as their JSON text, which any response can serialize', () => {
    const json = `{"d":${'['.repeat(50_000)}1${']'.repeat(50_000)}}`;
    const served = servedAttributes(json);
    expect(served).toBe(json);
    expect(() => JSON.stringify({ lines: [{ attributes: served }] })).not.toThrow();
  });
});
