import { DEFAULT_REPLICATION_SCHEDULE } from "@/lib/vocabulary";
import type { ClusterResourceStorage, ClusterResourceVm } from "@/server/proxmox";
import type { HealthValues } from "./health";
import type { RecoveryColumns } from "./health-stage";
import type { TableSpec } from "./reconcile";

// What each synced table holds, column by column, as the reconciler sees it. Rows are built from
// Proxmox payloads plus the links resolved in earlier stages.

export interface NodeRow {
  name: string;
  status: string;
  online: boolean;
  nodeId: number | null;
  ip: string | null;
  sslFingerprint: string | null;
  level: string | null;
  raw: Record<string, unknown>;
}

export const nodeTable: TableSpec<NodeRow> = {
  table: "proxmox_node",
  objectType: "proxbox.proxmoxnode",
  keyColumn: "name",
  key: (r) => r.name,
  repr: (r) => r.name,
  columns: [
    { name: "name", field: "name", type: "text", get: (r) => r.name },
    { name: "status", field: "status", type: "text", get: (r) => r.status },
    { name: "online", field: "online", type: "bool", get: (r) => r.online },
    { name: "node_id", field: "node_id", type: "int4", get: (r) => r.nodeId },
    { name: "ip", field: "ip", type: "text", get: (r) => r.ip },
    { name: "ssl_fingerprint", field: "ssl_fingerprint", type: "text", get: (r) => r.sslFingerprint },
    { name: "level", field: "level", type: "text", get: (r) => r.level },
  ],
};

interface VmRow {
  vm: ClusterResourceVm;
  nodeId: number | null;
}

// Volatile RRD metrics (cpu, mem, uptime, netin …) change every minute; storing them would make every
// sync rewrite every VM. We keep the inventory, not the metrics.
const VM_RAW_KEYS = [
  "id",
  "vmid",
  "type",
  "node",
  "name",
  "status",
  "template",
  "tags",
  "pool",
  "hastate",
  "lock",
];

export const vmTable: TableSpec<VmRow> = {
  table: "virtual_machine",
  objectType: "proxbox.virtualmachine",
  keyColumn: "vmid",
  hashed: true,
  key: (r) => String(r.vm.vmid),
  repr: (r) => r.vm.name ?? `VM ${r.vm.vmid}`,
  columns: [
    { name: "vmid", field: "vmid", type: "int4", get: (r) => r.vm.vmid },
    { name: "name", field: "name", type: "text", get: (r) => r.vm.name ?? null },
    { name: "type", field: "type", type: '"VmType"', get: (r) => r.vm.type },
    { name: "node_name", field: "node_name", type: "text", get: (r) => r.vm.node },
    { name: "node_id", field: "node", type: "int4", get: (r) => r.nodeId },
    { name: "status", field: "status", type: "text", get: (r) => r.vm.status ?? "unknown" },
    { name: "template", field: "template", type: "bool", get: (r) => r.vm.template ?? false },
    { name: "tags", field: "tags", type: "text", get: (r) => r.vm.tags ?? null },
    { name: "pool", field: "pool", type: "text", get: (r) => r.vm.pool ?? null },
    {
      name: "raw",
      field: "raw",
      type: "jsonb",
      get: (r) =>
        Object.fromEntries(VM_RAW_KEYS.filter((k) => r.vm[k] !== undefined).map((k) => [k, r.vm[k]])),
    },
  ],
};

export interface StorageRow {
  s: ClusterResourceStorage;
  nodeId: number | null;
}

export const storageTable: TableSpec<StorageRow> = {
  table: "storage",
  objectType: "proxbox.storage",
  keyColumn: "node_name || '/' || storage",
  key: (r) => `${r.s.node}/${r.s.storage}`,
  repr: (r) => `${r.s.storage} (${r.s.node})`,
  columns: [
    { name: "node_name", field: "node_name", type: "text", get: (r) => r.s.node },
    { name: "node_id", field: "node", type: "int4", get: (r) => r.nodeId },
    { name: "storage", field: "storage", type: "text", get: (r) => r.s.storage },
    { name: "plugin_type", field: "plugin_type", type: "text", get: (r) => r.s.plugintype ?? null },
    { name: "shared", field: "shared", type: "bool", get: (r) => r.s.shared ?? false },
    { name: "content", field: "content", type: "text", get: (r) => r.s.content ?? null },
    { name: "status", field: "status", type: "text", get: (r) => r.s.status ?? null },
  ],
};

/** A job's config as /cluster/replication (or /cluster/replication/{id}) returns it, parsed. */
export interface ReplicationConfig {
  id: string;
  type?: string;
  guest?: number;
  jobnum?: number;
  target: string;
  source?: string;
  schedule?: string;
  rate?: number;
  comment?: string;
  disable?: boolean;
  remove_job?: "local" | "full";
  raw: Record<string, unknown>;
}

const epochDate = (ms: number | null | undefined) => (ms == null ? null : new Date(ms));

export interface ReplicationRow {
  job: ReplicationConfig;
  virtualMachineId: number | null;
  proxmoxNodeId: number | null;
  /**
   * A new job's health when its source node has already answered; else it starts unknown. A function,
   * called only when the row is inserted (an unchanged sync of 100,000 jobs derives no health here).
   */
  health?: () => HealthValues | undefined;
  /** A new job's first_seen and recovery point (issue 13), so that the health stage has nothing to add. */
  firstSeen?: Date;
  recovery?: () => RecoveryColumns | undefined;
}

/** `guest`/`jobnum` from the payload; derived from the `<guest>-<jobnum>` id when absent. */
export function guestAndJobnum(job: { id: string; guest?: number; jobnum?: number }): [number, number] {
  const m = /^(\d+)-(\d+)$/.exec(job.id);
  return [job.guest ?? Number(m?.[1] ?? 0), job.jobnum ?? Number(m?.[2] ?? 0)];
}

export const replicationTable: TableSpec<ReplicationRow> = {
  table: "replication",
  objectType: "proxbox.replication",
  keyColumn: "replication_id",
  hashed: true,
  key: (r) => r.job.id,
  repr: (r) => r.job.id,
  columns: [
    { name: "replication_id", field: "replication_id", type: "text", get: (r) => r.job.id },
    { name: "virtual_machine_id", field: "virtual_machine", type: "int4", get: (r) => r.virtualMachineId },
    { name: "proxmox_node_id", field: "proxmox_node", type: "int4", get: (r) => r.proxmoxNodeId },
    { name: "guest", field: "guest", type: "int4", get: (r) => guestAndJobnum(r.job)[0] },
    { name: "jobnum", field: "jobnum", type: "int4", get: (r) => guestAndJobnum(r.job)[1] },
    { name: "target", field: "target", type: "text", get: (r) => r.job.target },
    { name: "job_type", field: "job_type", type: "text", get: (r) => r.job.type ?? "local" },
    // Proxmox omits the schedule when it is the default; a removed schedule is the default again.
    {
      name: "schedule",
      field: "schedule",
      type: "text",
      get: (r) => r.job.schedule ?? DEFAULT_REPLICATION_SCHEDULE,
    },
    // A removed rate is unlimited (null), a removed comment is no comment: never keep stale values.
    { name: "rate", field: "rate", type: "float8", get: (r) => r.job.rate ?? null },
    { name: "disable", field: "disable", type: "bool", get: (r) => r.job.disable ?? false },
    { name: "comment", field: "comment", type: "text", get: (r) => r.job.comment ?? null },
    { name: "remove_job", field: "remove_job", type: '"RemoveJob"', get: (r) => r.job.remove_job ?? null },
    { name: "source", field: "source", type: "text", get: (r) => r.job.source ?? null },
    { name: "status", field: "status", type: '"ReplicationStatus"', get: () => "active" },
    { name: "stale_since", field: "stale_since", type: "timestamptz", get: () => null },
    { name: "raw_config", field: "raw_config", type: "jsonb", get: (r) => r.job.raw },
  ],
  insertOnly: [
    {
      name: "last_sync",
      field: "last_sync",
      type: "timestamptz",
      get: (r) => r.health?.()?.last_sync ?? null,
    },
    { name: "last_try", field: "last_try", type: "timestamptz", get: (r) => r.health?.()?.last_try ?? null },
    {
      name: "next_sync",
      field: "next_sync",
      type: "timestamptz",
      get: (r) => r.health?.()?.next_sync ?? null,
    },
    { name: "duration", field: "duration", type: "float8", get: (r) => r.health?.()?.duration ?? null },
    { name: "fail_count", field: "fail_count", type: "int4", get: (r) => r.health?.()?.fail_count ?? null },
    { name: "error", field: "error", type: "text", get: (r) => r.health?.()?.error ?? null },
    {
      name: "syncing_pid",
      field: "syncing_pid",
      type: "int4",
      get: (r) => r.health?.()?.syncing_pid ?? null,
    },
    { name: "health", field: "health", type: "text", get: (r) => r.health?.()?.health ?? "unknown" },
    {
      name: "health_checked_at",
      field: "health_checked_at",
      type: "timestamptz",
      get: (r) => (r.health?.() ? new Date() : null),
    },
    { name: "first_seen", field: "first_seen", type: "timestamptz", get: (r) => r.firstSeen ?? new Date() },
    {
      name: "expected_interval_s",
      field: "expected_interval_s",
      type: "int4",
      get: (r) => r.recovery?.()?.expected_interval_s ?? null,
    },
    {
      name: "overdue_at",
      field: "overdue_at",
      type: "timestamptz",
      get: (r) => epochDate(r.recovery?.()?.overdue_at),
    },
    {
      name: "stuck_at",
      field: "stuck_at",
      type: "timestamptz",
      get: (r) => epochDate(r.recovery?.()?.stuck_at),
    },
  ],
};
