-- A grant's scope (what the vendor may see) and an organization's default scope for new grants; null is the full grant.
ALTER TABLE "log_access_grants" ADD COLUMN "scope" JSONB;
ALTER TABLE "organizations" ADD COLUMN "default_grant_scope" JSONB;

-- A changed scope is announced like an end: reads started under the old scope (live tails, exports) end and start again under the new one.
DROP TRIGGER log_access_grants_notify ON log_access_grants;
CREATE TRIGGER log_access_grants_notify
  AFTER UPDATE OF disabled_at, expires_at, installation_id, scope OR DELETE ON log_access_grants
  FOR EACH ROW EXECUTE FUNCTION logshare_notify_log_access();
