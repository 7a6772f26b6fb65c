import 'server-only';
import type { z } from 'zod';
import type { Viewer } from '@/lib/auth/viewer';
import type { AppLogSources } from '@/lib/console/find-app-log-sources';
import { countAppLogs, readAppLogs } from '@/lib/console/read-app-logs';
import { readAppLogFacets } from '@/lib/insights/read-app-log-facets';
import { readAppLogVolume } from '@/lib/insights/read-app-log-volume';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import type { RequestMeta } from '@/lib/request-meta';
import { appLogFacetsQuerySchema, appLogVolumeQuerySchema } from '@/lib/validations/log-insights';
import { appLogCountQuerySchema, appLogQuerySchema } from '@/lib/validations/logs';

/**
 * The viewer's first reads, the same as its API routes make (and recorded the
 * same way), started while the logs page renders. The page hands the promises
 * to the browser, which gets the answers in the page's own response instead
 * of asking for them after hydration: four round trips less before the lines,
 * chart and facets show. A read that fails resolves to null, and the browser
 * asks the API instead, which says why (and under which request ID).
 */
export type FirstViewReads = {
  page: Promise<unknown>;
  count: Promise<unknown>;
  volume: Promise<unknown>;
  facets: Promise<unknown>;
};

export function startFirstViewReads(args: { viewer: Viewer; sources: AppLogSources; apiQuery: URLSearchParams; pageSize: number; meta: RequestMeta }): FirstViewReads {
  const { viewer, sources, meta } = args;
  const params = Object.fromEntries(args.apiQuery);
  function read<S extends z.ZodType>(name: string, schema: S, query: Record<string, string>, reader: (a: { viewer: Viewer; sources: AppLogSources; query: z.output<S>; meta: RequestMeta }) => Promise<unknown>) {
    const parsed = schema.safeParse(query);
    if (!parsed.success) return Promise.resolve(null);
    return reader({ viewer, sources, query: parsed.data, meta }).then(
      // The API's JSON exactly (dates as ISO strings), not React's richer serialization.
      (answer) => JSON.parse(JSON.stringify(answer)) as unknown,
      (error: unknown) => {
        // A refused query or range is the API's to explain; anything else is worth a line in the server's log.
        if (!(error instanceof AppError)) log.warn('a first view read failed; the browser asks the API', { err: error, read: name });
        return null;
      },
    );
  }
  return {
    page: read('page', appLogQuerySchema, { ...params, limit: String(args.pageSize) }, readAppLogs),
    count: read('count', appLogCountQuerySchema, params, countAppLogs),
    volume: read('volume', appLogVolumeQuerySchema, params, readAppLogVolume),
    facets: read('facets', appLogFacetsQuerySchema, params, readAppLogFacets),
  };
}
