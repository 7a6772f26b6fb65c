-- Signed webhooks: an organization's endpoints and the outbox of their
-- deliveries. A trigger on audit_events queues the deliveries in the
-- transaction that records the event, so every recorded event is sent (by
-- whatever path wrote its row: Prisma, createMany or a read's own INSERT)
-- and a rolled-back change sends nothing.
ALTER TYPE "AuditAction" ADD VALUE 'WEBHOOK_ENDPOINT_CREATED';
ALTER TYPE "AuditAction" ADD VALUE 'WEBHOOK_ENDPOINT_CHANGED';
ALTER TYPE "AuditAction" ADD VALUE 'WEBHOOK_ENDPOINT_DELETED';

CREATE TABLE "webhook_endpoints" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "actions" "AuditAction"[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "webhook_endpoints_organization_id_idx" ON "webhook_endpoints"("organization_id");
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "webhook_deliveries" (
    "id" TEXT NOT NULL,
    "endpoint_id" TEXT NOT NULL,
    "audit_event_id" BIGINT,
    "test_payload" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_status" INTEGER,
    "last_error" TEXT,
    "response_excerpt" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "webhook_deliveries_endpoint_id_created_at_id_idx" ON "webhook_deliveries"("endpoint_id", "created_at" DESC, "id" DESC);
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries"("next_attempt_at") WHERE next_attempt_at IS NOT NULL;
CREATE INDEX "webhook_deliveries_created_at_idx" ON "webhook_deliveries"("created_at");
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_fkey"
  FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One statement-level trigger, so a read's multi-row INSERT costs one join
-- (an index probe on organization_id that finds nothing when no endpoint is
-- configured). The delivery's id is text like Prisma's ids.
CREATE FUNCTION queue_webhook_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_deliveries (id, endpoint_id, audit_event_id)
  SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), e.id, n.id
    FROM new_audit_events n
    JOIN webhook_endpoints e ON e.organization_id = n.organization_id
   WHERE e.enabled AND n.action = ANY (e.actions);
  RETURN NULL;
END
$$;

CREATE TRIGGER audit_events_queue_webhooks
  AFTER INSERT ON audit_events
  REFERENCING NEW TABLE AS new_audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION queue_webhook_deliveries();
