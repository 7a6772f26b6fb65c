-- Errors and warnings of an installation in time order: the viewer's level filter.
-- CreateIndex
CREATE INDEX "log_lines_errors_warnings_idx" ON "log_lines"("installation_id", "level", "ts" DESC, "id" DESC) WHERE (level = ANY (ARRAY['ERROR'::"LogLevel", 'WARN'::"LogLevel"]));
