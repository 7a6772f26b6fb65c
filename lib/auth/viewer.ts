import 'server-only';
import { connection } from 'next/server';
import { cache } from 'react';
import { AppError, RETRY_AFTER_SECONDS } from '@/lib/errors';
import { readSessionToken } from '@/lib/auth/session-cookie';
import { SessionEndedError, sessionClaims } from '@/lib/auth/sessions';
import { isDatabaseUnavailable } from '@/lib/db/database-unavailable';
import { canEditOrganization, membershipAdministersSite } from '@/lib/auth/permissions';
import { pgPool } from '@/lib/db/prisma';
import type { OrgRole, VendorRole } from '@/lib/generated/prisma/enums';

export type AdminSite = { id: string; url: string; organizationId: string; organizationName: string; role: OrgRole };
export type VendorMembership = { vendorId: string; vendorName: string; role: VendorRole };
export type Viewer = {
  id: string;
  email: string;
  name: string;
  adminSites: AdminSite[];
  vendors: VendorMembership[];
  /** Set when the request came with a personal API token (which acts as its owner): reads record it, and group into sessions per token. */
  apiTokenId?: string;
};

/**
 * The signed-in person with their roles, read from the database on every
 * request (never from the session token), with the check that the token's
 * server-side session is live. Cached per request.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  await connection(); // per-request data: never prerendered at build time
  const token = await readSessionToken();
  if (!token) return null;
  let claims: { sid: string; uid: string };
  try {
    claims = sessionClaims(token);
  } catch (error) {
    if (error instanceof SessionEndedError) return null;
    throw error;
  }
  try {
    return await findViewerOfSession(claims);
  } catch (error) {
    // Neither signed in nor out: the request answers 503 and the cookie stays.
    if (isDatabaseUnavailable(error)) throw new AppError('unavailable', 'The database is unavailable for a moment; retry shortly.', { 'retry-after': String(RETRY_AFTER_SECONDS) });
    throw error;
  }
});

type ViewerRow = { id: string; email: string; name: string; memberships: MembershipWithSites[]; vendors: VendorMembership[] };

/**
 * The person of a live session (not revoked, not expired at `now`, and
 * theirs) with their roles as the database has them now, or null: one
 * prepared statement, as it runs on every signed-in request.
 */
export async function findViewerOfSession(claims: { sid: string; uid: string }, now = new Date()): Promise<Viewer | null> {
  const { rows } = await pgPool().query<ViewerRow>({
    name: 'viewer-of-session',
    text: `SELECT u.id, u.email, u.name,
              coalesce((SELECT json_agg(json_build_object(
                          'role', m.role, 'siteId', m.site_id,
                          'organization', json_build_object('id', o.id, 'name', o.name, 'sites',
                            coalesce((SELECT json_agg(json_build_object('id', s.id, 'url', s.url)) FROM sites s WHERE s.organization_id = o.id), '[]'))))
                          FROM memberships m JOIN organizations o ON o.id = m.organization_id
                         WHERE m.user_id = u.id), '[]') AS memberships,
              coalesce((SELECT json_agg(json_build_object('vendorId', vm.vendor_id, 'vendorName', v.name, 'role', vm.role))
                          FROM vendor_members vm JOIN vendors v ON v.id = vm.vendor_id
                         WHERE vm.user_id = u.id), '[]') AS vendors
         FROM sessions se JOIN users u ON u.id = se.user_id
        WHERE se.id = $1 AND se.user_id = $2 AND se.revoked_at IS NULL AND se.expires_at > $3`,
    values: [claims.sid, claims.uid, now],
  });
  const user = rows[0];
  if (!user) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    adminSites: adminSitesOf(user.memberships),
    vendors: user.vendors.sort((a, b) => a.vendorName.localeCompare(b.vendorName)),
  };
}

type MembershipWithSites = {
  role: OrgRole;
  siteId: string | null;
  organization: { id: string; name: string; sites: { id: string; url: string }[] };
};

function adminSitesOf(memberships: MembershipWithSites[]): AdminSite[] {
  const byId = new Map<string, AdminSite>();
  for (const m of memberships) {
    for (const site of m.organization.sites.filter((s) => membershipAdministersSite(m, s.id))) {
      // The wider role wins: an organization admin who is also the site's admin edits the organization.
      const current = byId.get(site.id);
      if (current && canEditOrganization(current)) continue;
      byId.set(site.id, { id: site.id, url: site.url, organizationId: m.organization.id, organizationName: m.organization.name, role: m.role });
    }
  }
  // By name in code-point order, the same on every machine and locale.
  return [...byId.values()].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

/** Where a person belongs after sign-in. */
export function homePathOf(viewer: Viewer): string {
  if (viewer.adminSites.length > 0) return '/admin';
  if (viewer.vendors.length > 0) return '/console';
  return '/no-access';
}
