import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/api/errors';
import { apiRoute, concurrently } from '@/lib/api/route';

// The wrapper every route handler goes through: request ID, error mapping, Server-Timing.

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
