-- Why a vendor asks for a site's logs, as a code the admins (and their policy)
-- can act on, beside the free text; a customer-reported problem names its ticket.
CREATE TYPE "AccessReasonCode" AS ENUM ('CUSTOMER_REPORTED', 'VENDOR_DETECTED', 'SECURITY_INVESTIGATION', 'OTHER');

ALTER TABLE "access_requests"
  ADD COLUMN "reason_code" "AccessReasonCode" NOT NULL DEFAULT 'OTHER',
  ADD COLUMN "ticket_reference" TEXT,
  ADD CONSTRAINT "access_requests_ticket_for_customer_reports" CHECK ("reason_code" <> 'CUSTOMER_REPORTED' OR "ticket_reference" IS NOT NULL);
