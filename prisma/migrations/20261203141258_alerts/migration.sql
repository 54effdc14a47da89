-- CreateEnum
CREATE TYPE "AlertDestinationKind" AS ENUM ('webhook', 'email');

-- AlterTable
ALTER TABLE "replication" ADD COLUMN     "alerts_open" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "alerts_open_since" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "alert_destination" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "AlertDestinationKind" NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "url" TEXT,
    "secret_encrypted" TEXT,
    "header_names" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "headers_encrypted" TEXT,
    "tls_mode" "TlsMode" NOT NULL DEFAULT 'system',
    "ca_pem" TEXT,
    "fingerprint" TEXT,
    "timeout_ms" INTEGER NOT NULL DEFAULT 10000,
    "email_to" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "email_from" TEXT,
    "smtp_url" TEXT,
    "smtp_password_encrypted" TEXT,
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_updated" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_destination_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_rule" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "transitions" TEXT[],
    "endpoint_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "filter" TEXT NOT NULL DEFAULT '',
    "digest_seconds" INTEGER NOT NULL DEFAULT 0,
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_updated" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_rule_destination" (
    "rule_id" INTEGER NOT NULL,
    "destination_id" INTEGER NOT NULL,

    CONSTRAINT "alert_rule_destination_pkey" PRIMARY KEY ("rule_id","destination_id")
);

-- CreateTable
CREATE TABLE "alert_event" (
    "id" BIGSERIAL NOT NULL,
    "job_id" INTEGER NOT NULL,
    "endpoint_id" INTEGER NOT NULL,
    "transition" TEXT NOT NULL,
    "previous" TEXT,
    "health" TEXT NOT NULL,
    "error" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatched_at" TIMESTAMP(3),

    CONSTRAINT "alert_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_delivery" (
    "id" SERIAL NOT NULL,
    "rule_id" INTEGER NOT NULL,
    "destination_id" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "event_ids" BIGINT[],
    "due_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "attempt_log" JSONB NOT NULL DEFAULT '[]',
    "last_error" TEXT,
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMP(3),

    CONSTRAINT "alert_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "alert_destination_name_key" ON "alert_destination"("name");

-- CreateIndex
CREATE UNIQUE INDEX "alert_rule_name_key" ON "alert_rule"("name");

-- CreateIndex
CREATE INDEX "alert_rule_destination_destination_id_idx" ON "alert_rule_destination"("destination_id");

-- CreateIndex
CREATE INDEX "alert_event_job_id_at_idx" ON "alert_event"("job_id", "at");

-- CreateIndex
CREATE INDEX "alert_event_at_idx" ON "alert_event"("at");

-- CreateIndex
CREATE INDEX "alert_delivery_rule_id_created_idx" ON "alert_delivery"("rule_id", "created");

-- CreateIndex
CREATE INDEX "alert_delivery_destination_id_created_idx" ON "alert_delivery"("destination_id", "created");

-- CreateIndex
CREATE INDEX "alert_delivery_state_due_at_idx" ON "alert_delivery"("state", "due_at");

-- AddForeignKey
ALTER TABLE "alert_rule_destination" ADD CONSTRAINT "alert_rule_destination_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_rule_destination" ADD CONSTRAINT "alert_rule_destination_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "alert_destination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_event" ADD CONSTRAINT "alert_event_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "replication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "alert_destination"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: the dispatcher's outbox scan reads only events not yet matched to rules.
CREATE INDEX "alert_event_undispatched_partial" ON "alert_event"("id") WHERE "dispatched_at" IS NULL;

-- At most one open digest window per rule and destination: concurrent dispatchers append to it
-- (INSERT … ON CONFLICT) instead of opening a second one.
CREATE UNIQUE INDEX "alert_delivery_collecting_partial" ON "alert_delivery"("rule_id", "destination_id") WHERE "state" = 'collecting';

-- Open alerts (overview) and the scheduler's evaluation of time-based conditions.
CREATE INDEX "replication_alerts_open_partial" ON "replication"("id") WHERE "alerts_open" <> '{}';
