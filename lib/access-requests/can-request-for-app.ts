import 'server-only';
import { canManageApp } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/prisma';

/** Whether the console offers "Request access" on the app's installations: canManageApp for its vendor. */
export async function canRequestForApp(options: { viewer: Viewer; appId: string }): Promise<boolean> {
  const app = await db().app.findUnique({ where: { id: options.appId }, select: { vendorId: true } });
  return app ? canManageApp(options.viewer, app.vendorId) : false;
}
