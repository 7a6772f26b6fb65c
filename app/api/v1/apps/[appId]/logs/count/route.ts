import { appLogReadRoute } from '@/lib/api/app-log-route';
import { countAppLogs } from '@/lib/console/read-app-logs';
import { appLogCountQuerySchema } from '@/lib/validations/logs';

export const dynamic = 'force-dynamic';

/** How many lines the viewer's filters match over its range (the viewer asks beside its first page). */
export const GET = appLogReadRoute(appLogCountQuerySchema, countAppLogs);
