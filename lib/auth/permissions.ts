import 'server-only';
import { AppError } from '@/lib/errors';
import type { Viewer, VendorMembership } from '@/lib/auth/viewer';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { OrgRole } from '@/lib/generated/prisma/enums';

// Who may do what: every authorization rule of the portal, written once.
// `isX`/`canX` answer with a boolean; `requireX` throws AppError (404 for
// what the caller may not know exists, 403 for what they see but may not do).
// Guards, routes, pages and queries (TypeScript, SQL and Prisma alike) ask
// here instead of restating a rule.

// Customers: site and organization admins.

/** An organization admin administers every site of the organization; a site admin only theirs. */
export function membershipAdministersSite(membership: { role: OrgRole; siteId: string | null }, siteId: string): boolean {
  return membership.role === 'ORG_ADMIN' || membership.siteId === siteId;
}

/** membershipAdministersSite as a Prisma filter: the memberships of whoever administers the site. */
export function siteAdminMembershipsWhere(site: { id: string; organizationId: string }): Prisma.MembershipWhereInput {
  return { organizationId: site.organizationId, OR: [{ role: 'ORG_ADMIN' }, { role: 'SITE_ADMIN', siteId: site.id }] };
}

/** Administers the site (an organization admin administers every site of theirs). */
export function isSiteAdmin(viewer: Viewer, siteId: string): boolean {
  return viewer.adminSites.some((s) => s.id === siteId);
}

/** For routes naming a site: a site the viewer does not administer does not exist for them. */
export function requireSiteAdmin(viewer: Viewer, siteId: string): void {
  if (!isSiteAdmin(viewer, siteId)) throw new AppError('not_found', 'No such site.');
}

/**
 * A site's audit log is its admins' alone. A vendor with an app installed on
 * the site knows the site (it lists the installation), so it is told no
 * (403); to anyone else the site does not exist (404).
 */
export function requireSiteAuditReader(viewer: Viewer, site: { id: string; vendorIds: string[] }): void {
  if (isSiteAdmin(viewer, site.id)) return;
  if (site.vendorIds.some((vendorId) => isVendorMember(viewer, vendorId))) throw new AppError('forbidden', "Only the site's admins can read its audit log.");
  throw new AppError('not_found', 'No such site.');
}

/** Organization settings (log-sharing policy, technical contact) are for organization admins, not site admins. */
export function canEditOrganization(site: { role: OrgRole }): boolean {
  return site.role === 'ORG_ADMIN';
}

export function requireOrganizationAdmin(viewer: Viewer, organizationId: string): void {
  const sites = viewer.adminSites.filter((s) => s.organizationId === organizationId);
  if (sites.length === 0) throw new AppError('not_found', 'No such organization.');
  if (!sites.some(canEditOrganization)) throw new AppError('forbidden', 'Only organization admins can change organization settings.');
}

/**
 * An organization's webhooks follow its policy: organization admins change
 * them; site admins of its sites see them read-only (endpoints and delivery
 * log, never a secret); to anyone else the organization does not exist.
 */
export function requireWebhookReader(viewer: Viewer, organizationId: string): { canEdit: boolean } {
  const sites = viewer.adminSites.filter((s) => s.organizationId === organizationId);
  if (sites.length === 0) throw new AppError('not_found', 'No such organization.');
  return { canEdit: sites.some(canEditOrganization) };
}

export function requireWebhookManager(viewer: Viewer, organizationId: string): void {
  if (!requireWebhookReader(viewer, organizationId).canEdit) throw new AppError('forbidden', 'Only organization admins can change webhooks.');
}

// Vendors: owners manage members; owners and developers manage the app
// (ingest tokens, access requests) and read production logs; viewers see
// apps and installations but no log lines.

export function vendorMembershipOf(viewer: Viewer, vendorId: string): VendorMembership | null {
  return viewer.vendors.find((v) => v.vendorId === vendorId) ?? null;
}

export function isVendorMember(viewer: Viewer, vendorId: string): boolean {
  return vendorMembershipOf(viewer, vendorId) !== null;
}

/** The viewer's membership of the vendor, or a 404 for a vendor they do not belong to. */
export function requireVendorMembership(viewer: Viewer, vendorId: string): VendorMembership {
  const membership = vendorMembershipOf(viewer, vendorId);
  if (!membership) throw new AppError('not_found', 'No such vendor.');
  return membership;
}

export function canManageVendorMembers(membership: Pick<VendorMembership, 'role'>): boolean {
  return membership.role === 'OWNER';
}

export function requireVendorOwner(viewer: Viewer, vendorId: string): void {
  if (!canManageVendorMembers(requireVendorMembership(viewer, vendorId))) throw new AppError('forbidden', 'Only owners of the vendor manage its members.');
}

/** Owners and developers act for the vendor's apps: ingest tokens, access requests. */
export function canManageApp(viewer: Viewer, vendorId: string): boolean {
  const role = vendorMembershipOf(viewer, vendorId)?.role;
  return role === 'OWNER' || role === 'DEVELOPER';
}

/** A vendor member reads production logs unless their role is viewer (the site must share them too: grantIsActive). */
export function canReadLogsAsVendor(membership: Pick<VendorMembership, 'role'>): boolean {
  return membership.role !== 'VIEWER';
}

export function requireVendorLogReader(membership: Pick<VendorMembership, 'role'>): void {
  if (!canReadLogsAsVendor(membership)) throw new AppError('forbidden', 'Vendor members with the viewer role cannot read production logs.');
}

/** The developer console's logs of an app: for members of its vendor (404 for anyone else) whose role reads logs (403). */
export function requireAppLogReader(viewer: Viewer, app: { vendorId: string }): void {
  const membership = vendorMembershipOf(viewer, app.vendorId);
  if (!membership) throw new AppError('not_found', 'No such app.');
  requireVendorLogReader(membership);
}

/**
 * Saved views of an app's log viewer are shared by the vendor's members who
 * read its logs (owners and developers list, create, rename and delete any
 * of them); viewers, who see no lines, see no views (403); anyone else 404.
 */
export function requireSavedViewUser(viewer: Viewer, app: { vendorId: string }): void {
  const membership = vendorMembershipOf(viewer, app.vendorId);
  if (!membership) throw new AppError('not_found', 'No such app.');
  if (!canReadLogsAsVendor(membership)) throw new AppError('forbidden', 'Vendor members with the viewer role see no saved views of the log viewer.');
}

// Vendor invitations: answered only by the account with the invited address
// (addresses are stored in lower case), and accepted only until they expire.

export function isInvitee(person: { email: string }, invitation: { email: string }): boolean {
  return invitation.email === person.email.toLowerCase();
}

export function invitationHasExpired(invitation: { expiresAt: Date }, now: Date): boolean {
  return invitation.expiresAt <= now;
}

/** The invitations the person may still accept, as a Prisma filter. */
export function openInvitationsWhere(person: { email: string }, now: Date): Prisma.VendorInvitationWhereInput {
  return { email: person.email.toLowerCase(), expiresAt: { gt: now } };
}

// Installations: seen by the admins of their site and by the app's vendor.

export type InstallationAccess = 'admin' | 'vendor';

/** How the viewer sees the installation, or null when they may not know it exists. Someone who is both acts as the admin. */
export function installationAccessOf(viewer: Viewer, installation: { siteId: string; app: { vendorId: string } }): InstallationAccess | null {
  if (isSiteAdmin(viewer, installation.siteId)) return 'admin';
  if (isVendorMember(viewer, installation.app.vendorId)) return 'vendor';
  return null;
}

/** Admins of the site act on it; the vendor may look but not act (403). */
export function requireAdminAccess(access: InstallationAccess): void {
  if (access !== 'admin') throw new AppError('forbidden', 'Only an admin of this site can change its log access.');
}

type InstallationScope = { siteId: string; site: { url: string }; app: { vendorId: string; vendor: { name: string } } };

/**
 * Asking for (or withdrawing) access is for the app's vendor. Someone who
 * also administers the site acts as its admin: they can simply enable it.
 */
export function requireVendorRequester(viewer: Viewer, installation: InstallationScope): void {
  if (isSiteAdmin(viewer, installation.siteId)) {
    throw new AppError('forbidden', `You are an admin of ${installation.site.url}: enable log access yourself in the Admin Hub instead of asking.`);
  }
  if (!isVendorMember(viewer, installation.app.vendorId)) throw new AppError('not_found', 'No such installation.');
  if (!canManageApp(viewer, installation.app.vendorId)) {
    throw new AppError('forbidden', `Only owners and developers of ${installation.app.vendor.name} can ask for log access.`);
  }
}

/** Approving and declining is for the site's admins; the vendor may look but not decide. */
export function requireSiteAdminDecider(viewer: Viewer, installation: InstallationScope): void {
  if (!isSiteAdmin(viewer, installation.siteId)) {
    throw new AppError('forbidden', `Only an admin of ${installation.site.url} can approve or decline this request.`);
  }
}

// Logs: Logshare keeps, shares and serves the logs of paid apps only.

export function requirePaidApp(app: { isPaid: boolean; name?: string }): void {
  if (!app.isPaid) throw new AppError('unprocessable', `Logshare keeps and shares logs of paid apps only; ${app.name ?? 'this app'} is free.`, undefined, { reason: 'paid_apps_only' });
}

/** A vendor sees the customer's technical contact (whom to ask for logs) for paid apps only. */
export function canVendorSeeContact(app: { isPaid: boolean }): boolean {
  return app.isPaid;
}

// A grant shares an installation's logs while it is open (not disabled) and
// its end date, if any, is still ahead. Expiry is checked at read time, so an
// expired grant counts as not shared everywhere at once; settleExpiredGrants
// closes it for the record later.

type GrantDates = { expiresAt: Date | null; disabledAt: Date | null };

export function grantIsActive(grant: GrantDates, now: Date): boolean {
  return grant.disabledAt === null && (grant.expiresAt === null || grant.expiresAt > now);
}

/** grantIsActive as SQL, for the grant table aliased `grant` and the instant `now` (a placeholder such as `$2`). */
export function grantIsActiveSql(grant: string, now: string): string {
  return `${grant}.disabled_at IS NULL AND (${grant}.expires_at IS NULL OR ${grant}.expires_at > ${now})`;
}

/** grantIsActive as a Prisma filter on log_access_grants. */
export function activeGrantWhere(now: Date): Prisma.LogAccessGrantWhereInput {
  return { disabledAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

/** Open grants: not disabled, though one may have passed its end date and wait for settleExpiredGrants (grantIsActive tells). */
export const OPEN_GRANT_WHERE = { disabledAt: null } satisfies Prisma.LogAccessGrantWhereInput;

/** Open grants past their end date: what settleExpiredGrants closes. */
export function lapsedGrantWhere(now: Date): Prisma.LogAccessGrantWhereInput {
  return { ...OPEN_GRANT_WHERE, expiresAt: { lte: now } };
}
