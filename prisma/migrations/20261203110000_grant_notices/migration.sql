-- Notices before and after a grant: the day-before notice (when it was sent
-- and the end date it announced, so a grant whose end moves is announced
-- again), the summary of the vendor's reads sent once the grant ended, and
-- extension requests (an access request that names the grant it extends).
-- Grants that ended before this migration get no summary: summary_sent_at
-- stays null on them and nothing looks for it later.
ALTER TYPE "AuditAction" ADD VALUE 'LOG_ACCESS_ENDING_NOTICE_SENT';
ALTER TYPE "AuditAction" ADD VALUE 'LOG_ACCESS_SUMMARY_SENT';

ALTER TABLE "log_access_grants"
  ADD COLUMN "notice_sent_at" TIMESTAMPTZ(3),
  ADD COLUMN "notice_expires_at" TIMESTAMPTZ(3),
  ADD COLUMN "summary_sent_at" TIMESTAMPTZ(3);

ALTER TABLE "access_requests"
  ADD COLUMN "extends_grant_id" TEXT,
  ADD COLUMN "extends_grant_ends_at" TIMESTAMPTZ(3);

ALTER TABLE "access_requests"
  ADD CONSTRAINT "access_requests_extends_grant_id_fkey"
  FOREIGN KEY ("extends_grant_id") REFERENCES "log_access_grants"("id") ON DELETE SET NULL ON UPDATE CASCADE;
