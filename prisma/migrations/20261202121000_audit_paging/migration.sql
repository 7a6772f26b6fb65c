-- The Admin Hub's audit log, keyset-paged per site newest first (occurred_at,
-- id), with filters for action, actor and app each served by an index that
-- ends in the page's order, so a page of 50 is a short index walk whatever
-- the trail's size. Vendor page reads are grouped into sessions at read time
-- (lib/audit/audit-page-sql.ts); their probes walk the vendor-reads index.
ALTER TYPE "AuditAction" ADD VALUE 'AUDIT_LOG_EXPORTED';

DROP INDEX "audit_events_site_id_occurred_at_idx";
CREATE INDEX "audit_events_site_id_occurred_at_id_idx" ON "audit_events"("site_id", "occurred_at" DESC, "id" DESC);
CREATE INDEX "audit_events_site_id_action_occurred_at_id_idx" ON "audit_events"("site_id", "action", "occurred_at" DESC, "id" DESC);
CREATE INDEX "audit_events_site_id_actor_user_id_occurred_at_id_idx" ON "audit_events"("site_id", "actor_user_id", "occurred_at" DESC, "id" DESC);

DROP INDEX "audit_events_installation_id_occurred_at_idx";
CREATE INDEX "audit_events_installation_id_occurred_at_id_idx" ON "audit_events"("installation_id", "occurred_at" DESC, "id" DESC);

CREATE INDEX "audit_events_vendor_reads_idx" ON "audit_events"("installation_id", "actor_user_id", "occurred_at", "id") WHERE (action = 'VENDOR_LOGS_READ'::"AuditAction");
