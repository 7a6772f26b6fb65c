-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'VENDOR_INVITATION_SENT';
ALTER TYPE "AuditAction" ADD VALUE 'VENDOR_INVITATION_CANCELLED';
ALTER TYPE "AuditAction" ADD VALUE 'VENDOR_INVITATION_ACCEPTED';
ALTER TYPE "AuditAction" ADD VALUE 'VENDOR_INVITATION_DECLINED';
ALTER TYPE "AuditAction" ADD VALUE 'VENDOR_MEMBER_ROLE_CHANGED';
ALTER TYPE "AuditAction" ADD VALUE 'VENDOR_MEMBER_REMOVED';

-- AlterTable
ALTER TABLE "outbox_emails" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "last_error" TEXT,
ADD COLUMN     "next_attempt_at" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "organization_id" TEXT,
ADD COLUMN     "site_id" TEXT,
ADD COLUMN     "undeliverable_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "vendor_invitations" (
    "id" TEXT NOT NULL,
    "vendor_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "VendorRole" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "invited_by_id" TEXT,
    "invited_by_label" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "vendor_invitations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "vendor_invitations_token_hash_key" ON "vendor_invitations"("token_hash");

-- CreateIndex
CREATE INDEX "vendor_invitations_email_idx" ON "vendor_invitations"("email");

-- CreateIndex
CREATE UNIQUE INDEX "vendor_invitations_vendor_id_email_key" ON "vendor_invitations"("vendor_id", "email");

-- CreateIndex
CREATE INDEX "outbox_emails_due_idx" ON "outbox_emails"("next_attempt_at") WHERE (next_attempt_at IS NOT NULL);

-- CreateIndex
CREATE INDEX "outbox_emails_undeliverable_idx" ON "outbox_emails"("organization_id", "undeliverable_at" DESC) WHERE (undeliverable_at IS NOT NULL);

-- AddForeignKey
ALTER TABLE "vendor_invitations" ADD CONSTRAINT "vendor_invitations_vendor_id_fkey" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------
-- Hand-written below: what schema.prisma cannot say.
-- ---------------------------------------------------------------------------

-- E-mails already sent are not due again; unsent ones (kept while SMTP_URL
-- was unset, or whose one delivery failed) are due now.
UPDATE "outbox_emails" SET "next_attempt_at" = NULL WHERE "sent_at" IS NOT NULL;
