// Vendor roles in words, for the console and the invitation e-mail and page.

export type VendorRoleName = 'OWNER' | 'DEVELOPER' | 'VIEWER';

export const VENDOR_ROLES: { value: VendorRoleName; label: string; grants: string }[] = [
  { value: 'OWNER', label: 'Owner', grants: 'manage the members and read production logs' },
  { value: 'DEVELOPER', label: 'Developer', grants: 'read production logs of the sites that share them' },
  { value: 'VIEWER', label: 'Viewer', grants: 'see apps and installations, but no log lines' },
];

export function vendorRole(role: VendorRoleName) {
  return VENDOR_ROLES.find((r) => r.value === role)!;
}
