-- AlterTable
ALTER TABLE "log_lines" ADD COLUMN     "plain_ids" BOOLEAN NOT NULL DEFAULT false;
