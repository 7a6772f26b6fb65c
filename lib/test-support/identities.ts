import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/prisma';

// Who acts in the integration tests: the demo's people (lib/demo/) as the
// portal sees them, and the request a change is recorded with.

/** The client address and user agent of every test's changes, as audit rows record them. */
export const meta = { ipAddress: '203.0.113.7', userAgent: 'vitest' };

export type Person = { id: string; name: string; email: string };

/** A demo person by e-mail. */
export function person(email: string): Promise<Person> {
  return db().user.findUniqueOrThrow({ where: { email }, select: { id: true, name: true, email: true } });
}

/** A demo vendor member as the viewer the portal builds for them (no admin sites). */
export async function vendorViewer(email: string): Promise<Viewer> {
  const user = await db().user.findUniqueOrThrow({ where: { email }, include: { vendorMembers: { include: { vendor: true } } } });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    adminSites: [],
    vendors: user.vendorMembers.map((m) => ({ vendorId: m.vendorId, vendorName: m.vendor.name, role: m.role })),
  };
}

/** A demo person as the viewer the portal builds for them, admin sites included (organization admins: every site of theirs). */
export async function adminViewer(email: string): Promise<Viewer> {
  const user = await db().user.findUniqueOrThrow({
    where: { email },
    include: { memberships: { include: { organization: { include: { sites: true } } } }, vendorMembers: { include: { vendor: true } } },
  });
  const adminSites = user.memberships.flatMap((m) =>
    m.organization.sites
      .filter((s) => m.role === 'ORG_ADMIN' || m.siteId === s.id)
      .map((s) => ({ id: s.id, url: s.url, organizationId: m.organizationId, organizationName: m.organization.name, role: m.role })),
  );
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    adminSites,
    vendors: user.vendorMembers.map((m) => ({ vendorId: m.vendorId, vendorName: m.vendor.name, role: m.role })),
  };
}
