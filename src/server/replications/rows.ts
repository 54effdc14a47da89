import type { Prisma } from "@/generated/prisma/client";
import { type RecoveryPointStatus, recoveryPointStatus } from "@/lib/recovery-point-status";

// What a replication looks like when it leaves the database: explicit selects (never whole rows) and
// the change-log snapshot, which uses NetBox's field names with FKs as ids (same as the sync writes).

export const replicationListSelect = {
  id: true,
  replicationId: true,
  guest: true,
  jobnum: true,
  target: true,
  source: true,
  schedule: true,
  rate: true,
  disable: true,
  comment: true,
  removeJob: true,
  jobType: true,
  status: true,
  health: true,
  lastSync: true,
  lastTry: true,
  nextSync: true,
  duration: true,
  failCount: true,
  error: true,
  syncingPid: true,
  expectedIntervalSeconds: true,
  overdueAt: true,
  stuckAt: true,
  created: true,
  lastUpdated: true,
  endpoint: { select: { id: true, name: true, timezone: true } },
  virtualMachine: { select: { id: true, name: true, vmid: true } },
  proxmoxNode: { select: { id: true, name: true, online: true } },
} satisfies Prisma.ReplicationSelect;

/** One job with everything its REST representation and its detail page show. */
export const replicationDetailSelect = {
  ...replicationListSelect,
  rawConfig: true,
  staleSince: true,
  firstSeen: true,
  lastSeen: true,
  healthCheckedAt: true,
  endpoint: {
    select: { id: true, name: true, timezone: true, clusterName: true, pveVersion: true, enabled: true },
  },
  virtualMachine: { select: { id: true, name: true, vmid: true, type: true } },
  proxmoxNode: { select: { id: true, name: true, online: true, nodeId: true, timezone: true } },
} satisfies Prisma.ReplicationSelect;

export type ReplicationListRow = Prisma.ReplicationGetPayload<{ select: typeof replicationListSelect }>;
export type ReplicationDetail = Prisma.ReplicationGetPayload<{ select: typeof replicationDetailSelect }>;

/** A list row as the UI table gets it: the stored row plus its recovery-point flags at read time. */
export type ReplicationListItem = ReplicationListRow & RecoveryPointStatus;

/**
 * Adds age, overdue and stuck as of `now` (one clock for the whole page). Computed where the page is
 * read rather than in the browser so the server-rendered table and the hydrated one agree.
 */
export function withRecoveryPoint<T extends ReplicationListRow>(
  rows: T[],
  now = new Date(),
): (T & RecoveryPointStatus)[] {
  return rows.map((r) => ({ ...r, ...recoveryPointStatus(r, now) }));
}

/** The columns a change-log snapshot records. */
export const replicationSnapshotSelect = {
  id: true,
  endpointId: true,
  replicationId: true,
  virtualMachineId: true,
  proxmoxNodeId: true,
  guest: true,
  jobnum: true,
  target: true,
  jobType: true,
  schedule: true,
  rate: true,
  disable: true,
  comment: true,
  removeJob: true,
  source: true,
  status: true,
  staleSince: true,
  rawConfig: true,
  virtualMachine: { select: { name: true } },
} satisfies Prisma.ReplicationSelect;
export type ReplicationSnapshotRow = Prisma.ReplicationGetPayload<{
  select: typeof replicationSnapshotSelect;
}>;

export function replicationSnapshot(r: ReplicationSnapshotRow): Record<string, unknown> {
  return {
    id: r.id,
    endpoint: r.endpointId,
    replication_id: r.replicationId,
    virtual_machine: r.virtualMachineId,
    proxmox_node: r.proxmoxNodeId,
    guest: r.guest,
    jobnum: r.jobnum,
    target: r.target,
    job_type: r.jobType,
    schedule: r.schedule,
    rate: r.rate,
    disable: r.disable,
    comment: r.comment,
    remove_job: r.removeJob,
    source: r.source,
    status: r.status,
    stale_since: r.staleSince?.toISOString() ?? null,
    raw_config: r.rawConfig,
  };
}

/** Proxbox's __str__: "<virtual machine> - <replication_id>"; just the id when the guest is unlinked. */
export function replicationDisplay(r: {
  replicationId: string;
  virtualMachine: { name: string | null } | null;
}): string {
  const vm = r.virtualMachine?.name;
  return vm ? `${vm} - ${r.replicationId}` : r.replicationId;
}

/** True when two snapshots differ (NetBox saves no ObjectChange for an update that changes nothing). */
export function snapshotsDiffer(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}
