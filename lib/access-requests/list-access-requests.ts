import 'server-only';
import { accessRequestInclude, accessRequestJson, toDbStatus, type AccessRequestJson, type AccessRequestView } from '@/lib/access-requests/access-request-json';
import { db } from '@/lib/db/prisma';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { ApiAccessRequestStatus } from '@/lib/validations/access-requests';

export type AccessRequestScope = { installationId: string } | { siteId: string } | { appId: string };

/**
 * Access requests of one installation, site or app: every pending one first
 * (at most one per installation), then the newest decided ones. The caller
 * has authorized the scope.
 */
export async function listAccessRequests(options: {
  scope: AccessRequestScope;
  view: AccessRequestView;
  status?: ApiAccessRequestStatus;
  limit?: number;
}): Promise<AccessRequestJson[]> {
  const { scope } = options;
  const installation: Prisma.InstallationWhereInput = {
    uninstalledAt: null,
    ...('installationId' in scope ? { id: scope.installationId } : {}),
    ...('siteId' in scope ? { siteId: scope.siteId } : {}),
    ...('appId' in scope ? { appId: scope.appId } : {}),
  };
  const newestFirst = [{ createdAt: 'desc' }, { id: 'desc' }] as const;
  const find = (where: Prisma.AccessRequestWhereInput, take?: number) =>
    db().accessRequest.findMany({ where: { installation, ...where }, include: accessRequestInclude, orderBy: [...newestFirst], take });

  const wanted = options.status ? toDbStatus(options.status) : null;
  const limit = options.limit ?? 200;
  const [pending, decided] = await Promise.all([
    !wanted || wanted === 'PENDING' ? find({ status: 'PENDING' }) : [],
    wanted === 'PENDING' ? [] : find({ status: wanted ?? { not: 'PENDING' } }, limit),
  ]);
  return [...pending, ...decided].map((row) => accessRequestJson(row, options.view));
}
