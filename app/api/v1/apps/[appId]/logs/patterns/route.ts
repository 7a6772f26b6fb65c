import { appLogReadRoute } from '@/lib/api/app-log-route';
import { readAppPatterns } from '@/lib/console/read-app-patterns';
import { appPatternsQuerySchema } from '@/lib/validations/patterns';

export const dynamic = 'force-dynamic';

/** The viewer's matching lines grouped by message template: the Patterns tab. */
export const GET = appLogReadRoute(appPatternsQuerySchema, readAppPatterns);
