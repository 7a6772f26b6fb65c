import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/route';

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
