import 'server-only';
import { AppError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { lockInstallation } from '@/lib/log-access/change-log-access';

/**
 * Locks the request's installation (the lock every change to its access takes)
 * and reads the request again under it: whoever comes second sees the first
 * one's decision and gets a 409.
 */
export async function lockPendingAccessRequest(tx: Prisma.TransactionClient, requestId: string) {
  const { installationId } = await tx.accessRequest.findUniqueOrThrow({ where: { id: requestId }, select: { installationId: true } });
  const { installation, scope, policy } = await lockInstallation(tx, installationId);
  const request = await tx.accessRequest.findUniqueOrThrow({ where: { id: requestId } });
  if (request.status !== 'PENDING') {
    throw new AppError('conflict', `This access request was already ${request.status.toLowerCase()}; it cannot change any more.`);
  }
  return { request, installation, scope, policy };
}
