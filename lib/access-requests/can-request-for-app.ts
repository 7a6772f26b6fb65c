import 'server-only';
import { canVendorRequest } from '@/lib/access-requests/access-request-guards';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/prisma';

/** Whether the console offers "Request access" on the app's installations: owners and developers of its vendor. */
export async function canRequestForApp(options: { viewer: Viewer; appId: string }): Promise<boolean> {
  const app = await db().app.findUnique({ where: { id: options.appId }, select: { vendorId: true } });
  return app ? canVendorRequest(options.viewer, app.vendorId) : false;
}
