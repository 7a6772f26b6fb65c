import { describe, expect, it } from 'vitest';
import { requireSiteAdminDecider, requireVendorRequester } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import type { VendorRole } from '@/lib/generated/prisma/enums';

const installation = { siteId: 'site-1', site: { url: 'lumen.atlassian.net' }, app: { vendorId: 'vendor-1', name: 'Timesheet Pro', vendor: { name: 'Lumen Software' } } };

function viewer(options: { vendorRole?: VendorRole; adminOfSite?: boolean }): Viewer {
  return {
    id: 'u1',
    email: 'someone@example.com',
    name: 'Someone',
    adminSites: options.adminOfSite
      ? [{ id: 'site-1', url: 'lumen.atlassian.net', organizationId: 'org-1', organizationName: 'Lumen', role: 'ORG_ADMIN' }]
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
