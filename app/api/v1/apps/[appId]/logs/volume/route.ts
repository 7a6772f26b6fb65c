import { appLogReadRoute } from '@/lib/api/app-log-route';
import { readAppLogVolume } from '@/lib/insights/read-app-log-volume';
import { appLogVolumeQuerySchema } from '@/lib/validations/log-insights';

export const dynamic = 'force-dynamic';

/** The viewer's volume chart: its matching lines per bucket and level, with the viewer's own filters and authorization. */
export const GET = appLogReadRoute(appLogVolumeQuerySchema, readAppLogVolume);
