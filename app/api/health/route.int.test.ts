import { afterEach, describe, expect, it, vi } from 'vitest';

// The health route against a live database and against one that is down.
// Each case loads the route afresh so it builds its pool from the URL given.

async function loadRoute(databaseUrl: string) {
  process.env.DATABASE_URL = databaseUrl;
  vi.resetModules();
  const cache = globalThis as { logsharePool?: { end(): Promise<void> }; logsharePrisma?: unknown };
  await cache.logsharePool?.end().catch(() => undefined);
  delete cache.logsharePool;
  delete cache.logsharePrisma;
  return import('@/app/api/health/route');
}

const call = (GET: Awaited<ReturnType<typeof loadRoute>>['GET']) => GET(new Request('http://portal.test/api/health'), { params: Promise.resolve({}) });

describe('GET /api/health', () => {
  const original = process.env.DATABASE_URL;
  afterEach(() => {
    process.env.DATABASE_URL = original;
  });

  it('answers 200 when the database is reachable', async () => {
    const { GET } = await loadRoute(original!);
    const response = await call(GET);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(await response.json()).toEqual({ status: 'ok', database: 'up' });
  });

  it('answers 503 when it is not', async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const { GET } = await loadRoute('postgresql://postgres@127.0.0.1:1/logshare');
    const response = await call(GET);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', database: 'down' });
  });
});
