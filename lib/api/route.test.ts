import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '@/lib/errors';
import { apiRoute, concurrently, readJson, requestMeta } from '@/lib/api/route';
import { announceClientStamping } from '@/lib/api/client-headers';

// The wrapper every route handler goes through: request ID, error mapping,
// Server-Timing, refusing cross-origin writes; and the helpers handlers use.

beforeAll(() => {
  vi.stubEnv('DATABASE_URL', 'postgresql://unit.test/none');
  vi.stubEnv('NEXTAUTH_SECRET', 'unit-test-secret-unit-test-secret');
  vi.stubEnv('NEXTAUTH_URL', 'http://portal.test');
  vi.stubEnv('LOGSHARE_STAMPS_CLIENT_HEADERS', undefined); // restored after announceClientStamping below
});
afterAll(() => vi.unstubAllEnvs());

const context = { params: Promise.resolve({}) };
const call = (handler: () => Promise<Response>, headers: Record<string, string> = {}) =>
  apiRoute(handler)(new Request('http://portal.test/api/v1/x', { headers }), context);

describe('apiRoute', () => {
  it('echoes the caller’s request ID, or makes one, and says how long the handler took', async () => {
    const given = await call(async () => Response.json({ ok: true }), { 'x-request-id': 'abc-123' });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    expect(given.headers.get('server-timing')).toMatch(/^app;dur=\d+\.\d\d$/);
    const made = await call(async () => Response.json({ ok: true }));
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('maps errors to their status and JSON body, with the same headers', async () => {
    const response = await call(async () => {
      throw new AppError('not_found', 'No such app.');
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'No such app.' } });
    expect(response.headers.get('server-timing')).toMatch(/^app;dur=/);
  });

  it('copies a response whose headers cannot be changed instead of failing', async () => {
    const response = await call(async () => Response.redirect('http://portal.test/signin', 302));
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://portal.test/signin');
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });
});

describe('apiRoute against cross-origin writes', () => {
  const write = (headers: Record<string, string>, method = 'POST') => {
    let ran = false;
    const route = apiRoute(async (request) => {
      ran = true;
      return Response.json(await readJson(request));
    });
    const body = headers['content-type'] ? '{"enabled":true}' : undefined;
    return route(new Request('http://portal.test/api/v1/x', { method, headers, body }), context).then((response) => ({ response, ran }));
  };

  it('refuses a cookie write from another origin before the handler runs, with the error body and headers', async () => {
    const { response, ran } = await write({ origin: 'https://evil.example', cookie: 'next-auth.session-token=x', 'content-type': 'application/json' });
    expect(response.status).toBe(403);
    expect(ran).toBe(false);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('takes same-origin JSON, refuses a body that is not JSON with 415, and exempts Bearer calls from the origin check', async () => {
    const same = await write({ origin: 'http://portal.test', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' });
    expect(same.response.status).toBe(200);
    expect(await same.response.json()).toEqual({ enabled: true });
    const plain = await write({ origin: 'http://portal.test', 'content-type': 'text/plain' });
    expect(plain.response.status).toBe(415);
    const bearer = await write({ origin: 'https://evil.example', authorization: 'Bearer lsk_x', 'content-type': 'application/json' });
    expect(bearer.response.status).toBe(200);
  });

  it('adds HSTS only when the portal is served over https', async () => {
    expect((await call(async () => Response.json({}))).headers.get('strict-transport-security')).toBeNull();
    vi.stubEnv('NEXTAUTH_URL', 'https://portal.test');
    vi.resetModules();
    const fresh = await import('@/lib/api/route');
    const response = await fresh.apiRoute(async () => Response.json({}))(new Request('https://portal.test/api/v1/x'), context);
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    vi.stubEnv('NEXTAUTH_URL', 'http://portal.test');
  });
});

describe('requestMeta', () => {
  it('records the address the portal’s server stamped, never X-Forwarded-For, and nothing before the server stamps', () => {
    const request = new Request('http://portal.test/api/v1/x', {
      headers: { 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '6.6.6.7', 'x-logshare-client-ip': '198.51.100.4', 'user-agent': 'ua' },
    });
    expect(requestMeta(request)).toEqual({ ipAddress: null, userAgent: 'ua' });
    announceClientStamping();
    expect(requestMeta(request)).toEqual({ ipAddress: '198.51.100.4', userAgent: 'ua' });
    expect(requestMeta(new Request('http://portal.test/', { headers: { 'x-forwarded-for': '6.6.6.6' } })).ipAddress).toBeNull();
  });
});

describe('concurrently', () => {
  const later = <T>(ms: number, value: T, fail = false) =>
    new Promise<T>((resolve, reject) => setTimeout(() => (fail ? reject(new Error(String(value))) : resolve(value)), ms));

  it('runs both at once and gives both results in order', async () => {
    let firstDone = false;
    let secondStartedBeforeFirstDone = false;
    const result = await concurrently(
      () => later(20, 'a').then((a) => ((firstDone = true), a)),
      () => ((secondStartedBeforeFirstDone = !firstDone), later(1, 'b')),
    );
    expect(result).toEqual(['a', 'b']);
    expect(secondStartedBeforeFirstDone).toBe(true);
  });

  it('fails with the first one’s error even when the second fails sooner, and leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await expect(concurrently(() => later(30, 'first', true), () => later(1, 'second', true))).rejects.toThrow('first');
      await expect(concurrently(() => later(1, 'first', true), () => later(30, 'second', true))).rejects.toThrow('first');
      await expect(concurrently(() => later(1, 'first'), () => later(5, 'second', true))).rejects.toThrow('second');
      // A synchronous throw counts as a failure of its own side.
      await expect(concurrently(() => later(5, 'first', true), () => { throw new Error('sync'); })).rejects.toThrow('first');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
