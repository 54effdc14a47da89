-- CreateIndex
CREATE INDEX "replication_endpoint_order_idx" ON "replication"("endpoint_id", "guest", "jobnum", "replication_id", "id");

