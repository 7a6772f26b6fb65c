import 'server-only';
import { db } from '@/lib/db/prisma';

/** The vendors a policy can name: those with a paid app installed on a site of the organization, and any it names already. */
export async function listOrganizationVendors(organization: { id: string; neverShareVendorIds: string[]; autoApproveVendorIds: string[] }) {
  return db().vendor.findMany({
    where: {
      OR: [
        { apps: { some: { isPaid: true, installations: { some: { site: { organizationId: organization.id } } } } } },
        { id: { in: [...organization.neverShareVendorIds, ...organization.autoApproveVendorIds] } },
      ],
    },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  });
}
