-- CreateIndex
CREATE UNIQUE INDEX "access_requests_one_pending_per_installation" ON "access_requests"("installation_id") WHERE (status = 'PENDING');

-- CreateIndex
CREATE UNIQUE INDEX "log_access_grants_one_open_per_installation" ON "log_access_grants"("installation_id") WHERE (disabled_at IS NULL);
