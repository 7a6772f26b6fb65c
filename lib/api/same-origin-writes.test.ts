import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { assertJsonBody, assertSameOriginWrite } from '@/lib/api/same-origin-writes';

// Cross-site request forgery: which writes the browser marks as coming from another origin.

const portal = 'https://logs.example.com';
const request = (method: string, headers: Record<string, string> = {}) => new Request(`${portal}/api/v1/x`, { method, headers });
const refusal = (check: () => void) => {
  try {
    check();
    return null;
  } catch (error) {
    return error instanceof AppError ? error.status : error;
  }
};

describe('assertSameOriginWrite', () => {
  it('refuses a write that a browser sent from another origin, the same site included', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(refusal(() => assertSameOriginWrite(request(method, { origin: 'https://evil.example' }), portal)), method).toBe(403);
      expect(refusal(() => assertSameOriginWrite(request(method, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }), portal))).toBe(403);
      expect(refusal(() => assertSameOriginWrite(request(method, { 'sec-fetch-site': 'same-site', origin: 'https://blog.example.com' }), portal))).toBe(403);
    }
    // An opaque origin (sandboxed frame, data: URL), another scheme or port.
    for (const origin of ['null', 'http://logs.example.com', 'https://logs.example.com:8443']) {
      expect(refusal(() => assertSameOriginWrite(request('POST', { origin }), portal)), origin).toBe(403);
    }
    expect(refusal(() => assertSameOriginWrite(request('POST', { 'sec-fetch-site': 'none' }), portal))).toBe(403);
  });

  it('trusts the browser’s Sec-Fetch-Site over an Origin that only an old browser would be judged by', () => {
    expect(refusal(() => assertSameOriginWrite(request('POST', { 'sec-fetch-site': 'same-origin', origin: portal }), portal))).toBeNull();
    expect(refusal(() => assertSameOriginWrite(request('POST', { 'sec-fetch-site': 'cross-site', origin: portal }), portal))).toBe(403);
    expect(refusal(() => assertSameOriginWrite(request('POST', { origin: portal }), portal))).toBeNull();
  });

  it('lets through reads, Bearer-token calls and clients that are not browsers', () => {
    expect(refusal(() => assertSameOriginWrite(request('GET', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }), portal))).toBeNull();
    expect(refusal(() => assertSameOriginWrite(request('POST', { authorization: 'Bearer lsi_x', origin: 'https://evil.example' }), portal))).toBeNull();
    expect(refusal(() => assertSameOriginWrite(request('DELETE'), portal))).toBeNull();
  });

  it('says why in the message', () => {
    expect(() => assertSameOriginWrite(request('POST', { origin: 'https://evil.example' }), portal)).toThrow(/only from the portal's own pages.*https:\/\/evil\.example/);
  });
});

describe('assertJsonBody', () => {
  it('takes application/json with or without parameters', () => {
    expect(refusal(() => assertJsonBody(request('POST', { 'content-type': 'application/json' })))).toBeNull();
    expect(refusal(() => assertJsonBody(request('POST', { 'content-type': 'Application/JSON; charset=utf-8' })))).toBeNull();
  });

  it('refuses the bodies a form or a simple request can send, and none at all, with 415', () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'text/json']) {
      expect(refusal(() => assertJsonBody(request('POST', { 'content-type': type }))), type).toBe(415);
    }
    expect(refusal(() => assertJsonBody(request('POST')))).toBe(415);
    expect(() => assertJsonBody(request('POST', { 'content-type': 'text/plain' }))).toThrow('Content-Type: application/json, not text/plain');
  });
});
