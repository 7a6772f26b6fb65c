import 'server-only';
import { db } from '@/lib/db/prisma';

/** How many requests wait for the site's admins (the Connected apps banner). */
export async function countPendingAccessRequests(options: { siteId: string }): Promise<number> {
  return db().accessRequest.count({ where: { status: 'PENDING', installation: { siteId: options.siteId, uninstalledAt: null } } });
}
