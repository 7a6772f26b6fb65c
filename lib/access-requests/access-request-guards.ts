import 'server-only';
import { AppError } from '@/lib/api/errors';
import type { Viewer } from '@/lib/auth/viewer';

// Who may do what with access requests. The caller has already found the
// installation for the viewer (anyone else got a 404).

type InstallationScope = { siteId: string; site: { url: string }; app: { vendorId: string; name: string; vendor: { name: string } } };

/** Owners and developers of the vendor ask; viewers only look. */
export function canVendorRequest(viewer: Viewer, vendorId: string): boolean {
  const membership = viewer.vendors.find((v) => v.vendorId === vendorId);
  return membership?.role === 'OWNER' || membership?.role === 'DEVELOPER';
}

/**
 * Asking for (or withdrawing) access is for the app's vendor. Someone who
 * also administers the site acts as its admin: they can simply enable it.
 */
export function requireVendorRequester(viewer: Viewer, installation: InstallationScope) {
  if (viewer.adminSites.some((s) => s.id === installation.siteId)) {
    throw new AppError('forbidden', `You are an admin of ${installation.site.url}: enable log access yourself in the Admin Hub instead of asking.`);
  }
  if (!viewer.vendors.some((v) => v.vendorId === installation.app.vendorId)) throw new AppError('not_found', 'No such installation.');
  if (!canVendorRequest(viewer, installation.app.vendorId)) {
    throw new AppError('forbidden', `Only owners and developers of ${installation.app.vendor.name} can ask for log access.`);
  }
}

/** Approving and declining is for the site's admins; the vendor may look but not decide. */
export function requireSiteAdminDecider(viewer: Viewer, installation: InstallationScope) {
  if (!viewer.adminSites.some((s) => s.id === installation.siteId)) {
    throw new AppError('forbidden', `Only an admin of ${installation.site.url} can approve or decline this request.`);
  }
}
