-- Whether the message can go into JSON as it is (lib/logs/plain-ids.ts); lines written before stay false and are escaped.
-- AlterTable
ALTER TABLE "log_lines" ADD COLUMN     "plain_message" BOOLEAN NOT NULL DEFAULT false;
