import 'server-only';
import { db } from '@/lib/db/prisma';

export function getOrganization(organizationId: string) {
  return db().organization.findUniqueOrThrow({ where: { id: organizationId } });
}
