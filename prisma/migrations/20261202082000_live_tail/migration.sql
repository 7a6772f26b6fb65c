-- CreateTable
CREATE TABLE "log_line_writes" (
    "id" BIGSERIAL NOT NULL,
    "xact_id" BIGINT NOT NULL,
    "installation_id" TEXT NOT NULL,
    "first_ts" TIMESTAMPTZ(3) NOT NULL,
    "last_ts" TIMESTAMPTZ(3) NOT NULL,
    "lines" INTEGER NOT NULL,
    "written_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "log_line_writes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "log_line_writes_installation_id_xact_id_idx" ON "log_line_writes"("installation_id", "xact_id");

-- CreateIndex
CREATE INDEX "log_line_writes_written_at_idx" ON "log_line_writes"("written_at");

-- ---------------------------------------------------------------------------
-- Hand-written below: what schema.prisma cannot say.
-- ---------------------------------------------------------------------------

-- The live tail finds new lines through log_line_writes now, not by scanning
-- lines by xmin (see lib/logs/tail-logs.ts).
DROP FUNCTION logshare_visible_in_snapshot(xid, pg_snapshot);

-- Every change that can end an installation's sharing (a grant disabled,
-- expired early, its end date moved, deleted; the app uninstalled) is
-- announced on one channel with the installation's id, by whichever code or
-- server writes it. NOTIFY is delivered when the transaction commits, so a
-- listener never sees a change that is rolled back. lib/log-access/
-- revocation-watcher.ts listens and re-reads the grants.
CREATE FUNCTION logshare_notify_log_access() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'installations' THEN
    PERFORM pg_notify('logshare_log_access', OLD.id);
  ELSE
    PERFORM pg_notify('logshare_log_access', OLD.installation_id);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER log_access_grants_notify
  AFTER UPDATE OF disabled_at, expires_at, installation_id OR DELETE ON log_access_grants
  FOR EACH ROW EXECUTE FUNCTION logshare_notify_log_access();

CREATE TRIGGER installations_notify_log_access
  AFTER UPDATE OF uninstalled_at, app_id OR DELETE ON installations
  FOR EACH ROW EXECUTE FUNCTION logshare_notify_log_access();
