import { appLogReadRoute } from '@/lib/api/app-log-route';
import { readAppLogFacets } from '@/lib/insights/read-app-log-facets';
import { appLogFacetsQuerySchema } from '@/lib/validations/log-insights';

export const dynamic = 'force-dynamic';

/** The viewer's facets: the most frequent values of its matching lines, with the viewer's own filters and authorization. */
export const GET = appLogReadRoute(appLogFacetsQuerySchema, readAppLogFacets);
