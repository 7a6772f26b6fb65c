import { AppError } from '@/lib/errors';
import type { AccessReasonCode } from '@/lib/generated/prisma/enums';
import { formatUtcDateTime } from '@/lib/format';
import { storedGrantScope, type GrantScope } from '@/lib/validations/grant-scope';

// An organization's log-sharing policy, applied wherever a grant opens or
// changes (an admin enabling, a request approved by an admin or by the
// policy, sharing by default at install) and where a vendor asks.

export type SharingPolicy = {
  name: string;
  neverShareVendorIds: string[];
  maxGrantDays: number | null;
  autoApproveVendorIds: string[];
  autoApproveReasonCodes: AccessReasonCode[];
  /** The scope of every new grant unless an admin chooses another (enable, approve); the only one for grants no admin opens (policy, install). */
  defaultGrantScope: GrantScope | null;
};

const DAY_MS = 86_400_000;

/** The policy of an organization row. */
export function sharingPolicyOf(organization: Omit<SharingPolicy, 'defaultGrantScope'> & { defaultGrantScope: unknown }): SharingPolicy {
  const { name, neverShareVendorIds, maxGrantDays, autoApproveVendorIds, autoApproveReasonCodes } = organization;
  return { name, neverShareVendorIds, maxGrantDays, autoApproveVendorIds, autoApproveReasonCodes, defaultGrantScope: storedGrantScope(organization.defaultGrantScope) };
}

/** A vendor the organization never shares with may neither get a grant nor ask for one: a 403 that says so. */
export function refuseNeverSharedVendor(policy: SharingPolicy, vendor: { id: string; name: string }): void {
  if (policy.neverShareVendorIds.includes(vendor.id)) {
    throw new AppError('forbidden', `${policy.name}'s policy never shares logs with ${vendor.name}.`);
  }
}

/** The latest end date the policy allows for a grant opened at `now`; null without a limit. */
export function latestGrantEnd(policy: SharingPolicy, now: Date): Date | null {
  return policy.maxGrantDays === null ? null : new Date(now.getTime() + policy.maxGrantDays * DAY_MS);
}

/** A grant's end date as the policy allows it: a 422 naming the limit when there is none or it is later. */
export function checkGrantEnd(policy: SharingPolicy, expiresAt: Date | null, now: Date): void {
  const latest = latestGrantEnd(policy, now);
  if (latest && (!expiresAt || expiresAt > latest)) {
    throw new AppError(
      'unprocessable',
      `${policy.name}'s policy allows grants of at most ${policy.maxGrantDays} days: choose an end date on or before ${formatUtcDateTime(latest.toISOString())}.`,
    );
  }
}

/** Whether the policy approves a request from this vendor with this kind of reason without an admin. */
export function approvesByPolicy(policy: SharingPolicy, vendorId: string, reasonCode: AccessReasonCode): boolean {
  return policy.autoApproveVendorIds.includes(vendorId) && policy.autoApproveReasonCodes.includes(reasonCode);
}
