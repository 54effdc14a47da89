-- AlterTable
ALTER TABLE "proxmox_endpoint" ADD COLUMN     "ha_readable" BOOLEAN,
ADD COLUMN     "overdue_grace_factor" DOUBLE PRECISION NOT NULL DEFAULT 2,
ADD COLUMN     "stuck_after_seconds" INTEGER NOT NULL DEFAULT 3600;

-- AlterTable
ALTER TABLE "virtual_machine" ADD COLUMN     "ha_group" TEXT,
ADD COLUMN     "ha_state" TEXT;

-- AlterTable
ALTER TABLE "replication" ADD COLUMN     "expected_interval_s" INTEGER,
ADD COLUMN     "overdue_at" TIMESTAMP(3),
ADD COLUMN     "stuck_at" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "replication_health_event" (
    "id" BIGSERIAL NOT NULL,
    "job_id" INTEGER NOT NULL,
    "endpoint_id" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "previous" TEXT,
    "health" TEXT NOT NULL,
    "last_sync" TIMESTAMP(3),
    "duration" DOUBLE PRECISION,
    "fail_count" INTEGER,
    "error" TEXT,

    CONSTRAINT "replication_health_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "health_sample" (
    "bucket" TIMESTAMP(3) NOT NULL,
    "endpoint_id" INTEGER NOT NULL,
    "jobs" INTEGER NOT NULL,
    "ok" INTEGER NOT NULL,
    "error" INTEGER NOT NULL,
    "unknown" INTEGER NOT NULL,
    "syncing" INTEGER NOT NULL,
    "overdue" INTEGER NOT NULL,
    "stuck" INTEGER NOT NULL,

    CONSTRAINT "health_sample_pkey" PRIMARY KEY ("bucket","endpoint_id")
);

-- CreateIndex
CREATE INDEX "replication_health_event_job_id_at_idx" ON "replication_health_event"("job_id", "at");

-- CreateIndex
CREATE INDEX "replication_health_event_at_idx" ON "replication_health_event"("at");

-- CreateIndex
CREATE INDEX "health_sample_bucket_idx" ON "health_sample"("bucket");

-- CreateIndex
CREATE INDEX "replication_overdue_at_idx" ON "replication"("overdue_at");

-- CreateIndex
CREATE INDEX "replication_stuck_at_idx" ON "replication"("stuck_at");

-- AddForeignKey
ALTER TABLE "replication_health_event" ADD CONSTRAINT "replication_health_event_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "replication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

