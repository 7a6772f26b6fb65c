import { z } from 'zod';
import { appLogQuerySchema } from '@/lib/validations/logs';

// The viewer's chart and facets take the viewer's own filters (the same
// range, sites, environment, levels, versions, invocation and `q`), so what
// they count is exactly what the lines show; paging and format mean nothing there.

/** GET /api/v1/apps/{appId}/logs/volume */
export const appLogVolumeQuerySchema = appLogQuerySchema.omit({ limit: true, cursor: true, format: true });

/** GET /api/v1/apps/{appId}/logs/facets */
export const appLogFacetsQuerySchema = appLogVolumeQuerySchema;

export type AppLogInsightQuery = z.output<typeof appLogVolumeQuerySchema>;
