import { describe, expect, it } from 'vitest';
import { MAX_JSON_BODY_BYTES, readJson } from '@/lib/api/route';

const post = (body: string) => new Request('http://127.0.0.1/api', { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('readJson', () => {
  it('reads a JSON body, keeping a __proto__ key as the own key it is', async () => {
    const value = (await readJson(post('{"__proto__":{"x":1},"name":"n"}'))) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'name']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('refuses a body over the bound with 413 before parsing it, and a body that is not JSON with 400', async () => {
    await expect(readJson(post(`{"name":"${'x'.repeat(MAX_JSON_BODY_BYTES)}"}`))).rejects.toMatchObject({ status: 413 });
    await expect(readJson(post('{"name":'))).rejects.toMatchObject({ status: 400 });
  });
});
