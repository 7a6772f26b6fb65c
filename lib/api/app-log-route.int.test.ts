import { beforeAll, describe, expect, it } from 'vitest';
import { GET as logSourcesRoute } from '@/app/api/v1/apps/[appId]/log-sources/route';
import { GET as countRoute } from '@/app/api/v1/apps/[appId]/logs/count/route';
import { GET as facetsRoute } from '@/app/api/v1/apps/[appId]/logs/facets/route';
import { GET as contextRoute } from '@/app/api/v1/apps/[appId]/logs/lines/[lineRef]/context/route';
import { GET as patternsRoute } from '@/app/api/v1/apps/[appId]/logs/patterns/route';
import { GET as logsRoute } from '@/app/api/v1/apps/[appId]/logs/route';
import { GET as volumeRoute } from '@/app/api/v1/apps/[appId]/logs/volume/route';
import { createApiToken } from '@/lib/api-tokens/api-tokens';
import { createPool, processDb } from '@/lib/db/client';
import { db } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { meta, vendorViewer } from '@/lib/test-support/identities';

// The developer console's reads (lib/api/app-log-route.ts) with the database
// out of reach: each answers 503 with Retry-After, never a 500, and answers
// again once the database is back.

type Route = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

describe('the console read routes when the database cannot be reached', () => {
  let token: string;
  let appId: string;
  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 200, reset: true });
    appId = (await db().app.findFirstOrThrow({ where: { name: 'Timesheet Pro' } })).id;
    token = (await createApiToken({ user: await vendorViewer('dev@lumen.example'), name: 'faults', expiresAt: null, meta })).secret;
  });

  const range = () => new URLSearchParams({ from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() }).toString();
  const routes: [string, Route, (appId: string) => string, Record<string, string>][] = [
    ['logs', logsRoute as Route, (id) => `/api/v1/apps/${id}/logs`, {}],
    ['count', countRoute as Route, (id) => `/api/v1/apps/${id}/logs/count`, {}],
    ['volume', volumeRoute as Route, (id) => `/api/v1/apps/${id}/logs/volume`, {}],
    ['facets', facetsRoute as Route, (id) => `/api/v1/apps/${id}/logs/facets`, {}],
    ['patterns', patternsRoute as Route, (id) => `/api/v1/apps/${id}/logs/patterns`, {}],
    ['context', contextRoute as Route, (id) => `/api/v1/apps/${id}/logs/lines/not-a-line/context`, { lineRef: 'not-a-line' }],
    ['log-sources', logSourcesRoute as Route, (id) => `/api/v1/apps/${id}/log-sources`, {}],
  ];
  const call = (route: Route, path: string, params: Record<string, string>) =>
    route(new Request(`http://127.0.0.1${path}?${path.includes('/logs') ? range() : ''}`, { headers: { authorization: `Bearer ${token}` } }), {
      params: Promise.resolve({ appId, ...params }),
    });

  it.each(routes)('%s answers 503 with Retry-After while the pool cannot connect, then answers again', async (_name, route, path, params) => {
    const kept = processDb.logsharePool;
    const unreachable = createPool('postgresql://postgres@127.0.0.1:1/nowhere');
    processDb.logsharePool = unreachable;
    try {
      const down = await call(route, path(appId), params);
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await down.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    } finally {
      processDb.logsharePool = kept;
      await unreachable.end();
    }
    const back = await call(route, path(appId), params);
    // The context of a line that is not one is a 404; every other read answers.
    expect(back.status).toBe(params.lineRef ? 404 : 200);
  });
});
