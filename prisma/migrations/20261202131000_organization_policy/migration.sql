-- An organization's log-sharing policy beyond "share by default": vendors it
-- never shares with, the longest grant it allows, and the access requests it
-- approves by itself (from these vendors, with these kinds of reason).
ALTER TABLE "organizations"
  ADD COLUMN "never_share_vendor_ids" TEXT[] NOT NULL DEFAULT '{}',
  ADD COLUMN "max_grant_days" INTEGER,
  ADD COLUMN "auto_approve_vendor_ids" TEXT[] NOT NULL DEFAULT '{}',
  ADD COLUMN "auto_approve_reason_codes" "AccessReasonCode"[] NOT NULL DEFAULT '{}',
  ADD CONSTRAINT "organizations_max_grant_days_range" CHECK ("max_grant_days" BETWEEN 1 AND 365);
