-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AuthMode" AS ENUM ('token', 'ticket');

-- CreateEnum
CREATE TYPE "TlsMode" AS ENUM ('system', 'ca', 'fingerprint', 'insecure');

-- CreateEnum
CREATE TYPE "VmType" AS ENUM ('qemu', 'lxc');

-- CreateEnum
CREATE TYPE "ReplicationStatus" AS ENUM ('active', 'stale');

-- CreateEnum
CREATE TYPE "RemoveJob" AS ENUM ('local', 'full');

-- CreateEnum
CREATE TYPE "SyncKind" AS ENUM ('full', 'replications', 'endpoint', 'replication');

-- CreateEnum
CREATE TYPE "SyncTrigger" AS ENUM ('manual', 'schedule', 'api', 'cli');

-- CreateEnum
CREATE TYPE "SyncState" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'partial');

-- CreateEnum
CREATE TYPE "ChangeAction" AS ENUM ('create', 'update', 'delete');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('viewer', 'operator', 'admin');

-- CreateTable
CREATE TABLE "proxmox_endpoint" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "auth_mode" "AuthMode" NOT NULL DEFAULT 'token',
    "token_id" TEXT,
    "username" TEXT,
    "secret_encrypted" TEXT,
    "tls_mode" "TlsMode" NOT NULL DEFAULT 'system',
    "ca_pem" TEXT,
    "fingerprint" TEXT,
    "connect_timeout_ms" INTEGER NOT NULL DEFAULT 5000,
    "request_timeout_ms" INTEGER NOT NULL DEFAULT 30000,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "cluster_name" TEXT,
    "pve_version" TEXT,
    "timezone" TEXT,
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "last_sync_at" TIMESTAMP(3),
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_updated" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "proxmox_endpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proxmox_node" (
    "id" SERIAL NOT NULL,
    "endpoint_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'unknown',
    "online" BOOLEAN NOT NULL DEFAULT false,
    "node_id" INTEGER,
    "ip" TEXT,
    "ssl_fingerprint" TEXT,
    "level" TEXT,
    "timezone" TEXT,
    "raw" JSONB NOT NULL DEFAULT '{}',
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_updated" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "proxmox_node_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "virtual_machine" (
    "id" SERIAL NOT NULL,
    "endpoint_id" INTEGER NOT NULL,
    "vmid" INTEGER NOT NULL,
    "name" TEXT,
    "type" "VmType" NOT NULL,
    "node_name" TEXT,
    "node_id" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'unknown',
    "template" BOOLEAN NOT NULL DEFAULT false,
    "tags" TEXT,
    "pool" TEXT,
    "raw" JSONB NOT NULL DEFAULT '{}',
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_updated" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "virtual_machine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "storage" (
    "id" SERIAL NOT NULL,
    "endpoint_id" INTEGER NOT NULL,
    "node_name" TEXT NOT NULL,
    "node_id" INTEGER,
    "storage" TEXT NOT NULL,
    "plugin_type" TEXT,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "content" TEXT,
    "status" TEXT,
    "raw" JSONB NOT NULL DEFAULT '{}',
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_updated" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "storage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "replication" (
    "id" SERIAL NOT NULL,
    "endpoint_id" INTEGER NOT NULL,
    "virtual_machine_id" INTEGER,
    "proxmox_node_id" INTEGER,
    "replication_id" TEXT NOT NULL,
    "guest" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "job_type" TEXT NOT NULL DEFAULT 'local',
    "schedule" TEXT NOT NULL DEFAULT '*/15',
    "rate" DOUBLE PRECISION,
    "disable" BOOLEAN NOT NULL DEFAULT false,
    "comment" TEXT,
    "jobnum" INTEGER NOT NULL,
    "remove_job" "RemoveJob",
    "source" TEXT,
    "status" "ReplicationStatus" NOT NULL DEFAULT 'active',
    "stale_since" TIMESTAMP(3),
    "raw_config" JSONB NOT NULL DEFAULT '{}',
    "first_seen" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_sync" TIMESTAMP(3),
    "last_try" TIMESTAMP(3),
    "next_sync" TIMESTAMP(3),
    "duration" DOUBLE PRECISION,
    "fail_count" INTEGER,
    "error" TEXT,
    "syncing_pid" INTEGER,
    "health" TEXT NOT NULL DEFAULT 'unknown',
    "health_checked_at" TIMESTAMP(3),
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_updated" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "replication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_run" (
    "id" SERIAL NOT NULL,
    "kind" "SyncKind" NOT NULL,
    "endpoint_id" INTEGER,
    "target" TEXT,
    "trigger" "SyncTrigger" NOT NULL DEFAULT 'manual',
    "state" "SyncState" NOT NULL DEFAULT 'queued',
    "stages" JSONB NOT NULL DEFAULT '[]',
    "stage" TEXT,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "errors" JSONB NOT NULL DEFAULT '[]',
    "log" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "job_id" TEXT,
    "worker_id" TEXT,
    "heartbeat_at" TIMESTAMP(3),
    "requested_by" TEXT,
    "schedule_id" INTEGER,
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "sync_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_schedule" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "SyncKind" NOT NULL DEFAULT 'replications',
    "endpoint_ids" INTEGER[],
    "interval_minutes" INTEGER,
    "cron" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "last_run_at" TIMESTAMP(3),
    "next_run_at" TIMESTAMP(3),
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_updated" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "object_change" (
    "id" SERIAL NOT NULL,
    "time" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_id" INTEGER,
    "user_name" TEXT NOT NULL,
    "request_id" UUID NOT NULL,
    "action" "ChangeAction" NOT NULL,
    "changed_object_type" TEXT NOT NULL,
    "changed_object_id" INTEGER NOT NULL,
    "related_object_type" TEXT,
    "related_object_id" INTEGER,
    "object_repr" TEXT NOT NULL,
    "message" TEXT NOT NULL DEFAULT '',
    "prechange_data" JSONB,
    "postchange_data" JSONB,

    CONSTRAINT "object_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user" (
    "id" SERIAL NOT NULL,
    "username" TEXT NOT NULL,
    "password_hash" TEXT,
    "role" "Role" NOT NULL DEFAULT 'viewer',
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "preferences" JSONB NOT NULL DEFAULT '{}',
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_login" TIMESTAMP(3),

    CONSTRAINT "user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_token" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 2,
    "write_enabled" BOOLEAN NOT NULL DEFAULT false,
    "description" TEXT NOT NULL DEFAULT '',
    "expires" TIMESTAMP(3),
    "last_used" TIMESTAMP(3),
    "revoked" BOOLEAN NOT NULL DEFAULT false,
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "proxmox_endpoint_name_key" ON "proxmox_endpoint"("name");

-- CreateIndex
CREATE UNIQUE INDEX "proxmox_node_endpoint_id_name_key" ON "proxmox_node"("endpoint_id", "name");

-- CreateIndex
CREATE INDEX "virtual_machine_name_idx" ON "virtual_machine"("name");

-- CreateIndex
CREATE UNIQUE INDEX "virtual_machine_endpoint_id_vmid_key" ON "virtual_machine"("endpoint_id", "vmid");

-- CreateIndex
CREATE UNIQUE INDEX "storage_endpoint_id_node_name_storage_key" ON "storage"("endpoint_id", "node_name", "storage");

-- CreateIndex
CREATE INDEX "replication_replication_id_idx" ON "replication"("replication_id");

-- CreateIndex
CREATE INDEX "replication_guest_idx" ON "replication"("guest");

-- CreateIndex
CREATE INDEX "replication_target_idx" ON "replication"("target");

-- CreateIndex
CREATE INDEX "replication_source_idx" ON "replication"("source");

-- CreateIndex
CREATE INDEX "replication_status_idx" ON "replication"("status");

-- CreateIndex
CREATE INDEX "replication_health_idx" ON "replication"("health");

-- CreateIndex
CREATE INDEX "replication_virtual_machine_id_idx" ON "replication"("virtual_machine_id");

-- CreateIndex
CREATE INDEX "replication_proxmox_node_id_idx" ON "replication"("proxmox_node_id");

-- CreateIndex
CREATE INDEX "replication_next_sync_idx" ON "replication"("next_sync");

-- CreateIndex
CREATE INDEX "replication_last_sync_idx" ON "replication"("last_sync");

-- CreateIndex
CREATE INDEX "replication_fail_count_idx" ON "replication"("fail_count");

-- CreateIndex
CREATE UNIQUE INDEX "replication_endpoint_id_replication_id_key" ON "replication"("endpoint_id", "replication_id");

-- CreateIndex
CREATE INDEX "sync_run_state_idx" ON "sync_run"("state");

-- CreateIndex
CREATE INDEX "sync_run_endpoint_id_state_idx" ON "sync_run"("endpoint_id", "state");

-- CreateIndex
CREATE UNIQUE INDEX "sync_schedule_name_key" ON "sync_schedule"("name");

-- CreateIndex
CREATE INDEX "object_change_changed_object_type_changed_object_id_idx" ON "object_change"("changed_object_type", "changed_object_id");

-- CreateIndex
CREATE INDEX "object_change_request_id_idx" ON "object_change"("request_id");

-- CreateIndex
CREATE INDEX "object_change_time_idx" ON "object_change"("time");

-- CreateIndex
CREATE UNIQUE INDEX "user_username_key" ON "user"("username");

-- CreateIndex
CREATE UNIQUE INDEX "api_token_key_key" ON "api_token"("key");

-- AddForeignKey
ALTER TABLE "proxmox_node" ADD CONSTRAINT "proxmox_node_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "proxmox_endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "virtual_machine" ADD CONSTRAINT "virtual_machine_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "proxmox_endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "virtual_machine" ADD CONSTRAINT "virtual_machine_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "proxmox_node"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "storage" ADD CONSTRAINT "storage_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "proxmox_endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "storage" ADD CONSTRAINT "storage_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "proxmox_node"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "replication" ADD CONSTRAINT "replication_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "proxmox_endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "replication" ADD CONSTRAINT "replication_virtual_machine_id_fkey" FOREIGN KEY ("virtual_machine_id") REFERENCES "virtual_machine"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "replication" ADD CONSTRAINT "replication_proxmox_node_id_fkey" FOREIGN KEY ("proxmox_node_id") REFERENCES "proxmox_node"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_run" ADD CONSTRAINT "sync_run_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "proxmox_endpoint"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "object_change" ADD CONSTRAINT "object_change_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

