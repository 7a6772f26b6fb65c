import { describe, expect, it } from 'vitest';
import {
  installationAccessOf,
  invitationHasExpired,
  isInvitee,
  membershipAdministersSite,
  requireAppLogReader,
  requireOrganizationAdmin,
  requirePaidApp,
  requireSavedViewUser,
  requireSiteAdminDecider,
  requireVendorOwner,
  requireVendorRequester,
} from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import type { VendorRole } from '@/lib/generated/prisma/enums';

const installation = { siteId: 'site-1', site: { url: 'lumen.atlassian.net' }, app: { vendorId: 'vendor-1', name: 'Timesheet Pro', vendor: { name: 'Lumen Software' } } };

function viewer(options: { vendorRole?: VendorRole; adminOfSite?: boolean; orgRole?: 'ORG_ADMIN' | 'SITE_ADMIN' }): Viewer {
  return {
    id: 'u1',
    email: 'someone@example.com',
    name: 'Someone',
    adminSites: options.adminOfSite
      ? [{ id: 'site-1', url: 'lumen.atlassian.net', organizationId: 'org-1', organizationName: 'Lumen', role: options.orgRole ?? 'ORG_ADMIN' }]
      : [],
    vendors: options.vendorRole ? [{ vendorId: 'vendor-1', vendorName: 'Lumen Software', role: options.vendorRole }] : [],
  };
}

function statusOf(run: () => void): number {
  try {
    run();
    return 200;
  } catch (error) {
    return (error as { status: number }).status;
  }
}

describe('who may ask for access', () => {
  it('lets owners and developers ask, not viewers (403) nor strangers (404)', () => {
    expect(statusOf(() => requireVendorRequester(viewer({ vendorRole: 'OWNER' }), installation))).toBe(200);
    expect(statusOf(() => requireVendorRequester(viewer({ vendorRole: 'DEVELOPER' }), installation))).toBe(200);
    expect(statusOf(() => requireVendorRequester(viewer({ vendorRole: 'VIEWER' }), installation))).toBe(403);
    expect(statusOf(() => requireVendorRequester(viewer({}), installation))).toBe(404);
  });

  it('sends the site’s admins, even when they are also the vendor, to enable it themselves (403)', () => {
    expect(statusOf(() => requireVendorRequester(viewer({ adminOfSite: true }), installation))).toBe(403);
    expect(() => requireVendorRequester(viewer({ adminOfSite: true, vendorRole: 'OWNER' }), installation)).toThrow(/enable log access yourself/);
  });

  it('lets only the site’s admins decide', () => {
    expect(statusOf(() => requireSiteAdminDecider(viewer({ adminOfSite: true }), installation))).toBe(200);
    expect(statusOf(() => requireSiteAdminDecider(viewer({ vendorRole: 'OWNER' }), installation))).toBe(403);
  });
});

describe('who may read and manage what', () => {
  it('reads an app’s logs in the console as an owner or developer of its vendor; a viewer is refused (403), a stranger told nothing (404)', () => {
    const app = { vendorId: 'vendor-1' };
    expect(statusOf(() => requireAppLogReader(viewer({ vendorRole: 'OWNER' }), app))).toBe(200);
    expect(statusOf(() => requireAppLogReader(viewer({ vendorRole: 'DEVELOPER' }), app))).toBe(200);
    expect(statusOf(() => requireAppLogReader(viewer({ vendorRole: 'VIEWER' }), app))).toBe(403);
    expect(statusOf(() => requireAppLogReader(viewer({ adminOfSite: true }), app))).toBe(404);
  });

  it('shares saved views among the owners and developers of the app’s vendor; viewers 403, others 404', () => {
    const app = { vendorId: 'vendor-1' };
    expect(statusOf(() => requireSavedViewUser(viewer({ vendorRole: 'OWNER' }), app))).toBe(200);
    expect(statusOf(() => requireSavedViewUser(viewer({ vendorRole: 'DEVELOPER' }), app))).toBe(200);
    expect(statusOf(() => requireSavedViewUser(viewer({ vendorRole: 'VIEWER' }), app))).toBe(403);
    expect(statusOf(() => requireSavedViewUser(viewer({ adminOfSite: true }), app))).toBe(404);
    expect(statusOf(() => requireSavedViewUser(viewer({ vendorRole: 'OWNER' }), { vendorId: 'vendor-2' }))).toBe(404);
  });

  it('lets only owners manage the vendor’s members', () => {
    expect(statusOf(() => requireVendorOwner(viewer({ vendorRole: 'OWNER' }), 'vendor-1'))).toBe(200);
    expect(statusOf(() => requireVendorOwner(viewer({ vendorRole: 'DEVELOPER' }), 'vendor-1'))).toBe(403);
    expect(statusOf(() => requireVendorOwner(viewer({ vendorRole: 'OWNER' }), 'vendor-2'))).toBe(404);
  });

  it('lets organization admins, not site admins, change the organization', () => {
    expect(statusOf(() => requireOrganizationAdmin(viewer({ adminOfSite: true }), 'org-1'))).toBe(200);
    expect(statusOf(() => requireOrganizationAdmin(viewer({ adminOfSite: true, orgRole: 'SITE_ADMIN' }), 'org-1'))).toBe(403);
    expect(statusOf(() => requireOrganizationAdmin(viewer({ adminOfSite: true }), 'org-2'))).toBe(404);
  });

  it('counts an organization admin as an admin of every site, a site admin of theirs only', () => {
    expect(membershipAdministersSite({ role: 'ORG_ADMIN', siteId: null }, 'site-9')).toBe(true);
    expect(membershipAdministersSite({ role: 'SITE_ADMIN', siteId: 'site-1' }, 'site-1')).toBe(true);
    expect(membershipAdministersSite({ role: 'SITE_ADMIN', siteId: 'site-1' }, 'site-9')).toBe(false);
  });

  it('sees an installation as its site’s admin first, then as its vendor', () => {
    expect(installationAccessOf(viewer({ adminOfSite: true, vendorRole: 'OWNER' }), installation)).toBe('admin');
    expect(installationAccessOf(viewer({ vendorRole: 'VIEWER' }), installation)).toBe('vendor');
    expect(installationAccessOf(viewer({}), installation)).toBeNull();
  });

  it('keeps logs of paid apps only (422 for a free one)', () => {
    expect(statusOf(() => requirePaidApp({ isPaid: true, name: 'Timesheet Pro' }))).toBe(200);
    expect(statusOf(() => requirePaidApp({ isPaid: false, name: 'Timesheet Pro' }))).toBe(422);
    expect(() => requirePaidApp({ isPaid: false })).toThrow(/paid apps only; this app is free/);
  });
});

describe('who may answer a vendor invitation', () => {
  it('is the account with the invited address, whatever its case, until the invitation expires', () => {
    expect(isInvitee({ email: 'New.Dev@Example.com' }, { email: 'new.dev@example.com' })).toBe(true);
    expect(isInvitee({ email: 'someone@example.com' }, { email: 'new.dev@example.com' })).toBe(false);
    const now = new Date('2026-12-02T09:00:00.000Z');
    expect(invitationHasExpired({ expiresAt: now }, now)).toBe(true);
    expect(invitationHasExpired({ expiresAt: new Date(now.getTime() + 1) }, now)).toBe(false);
  });
});
