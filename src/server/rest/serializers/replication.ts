import { z } from "zod";
import { recoveryPointStatus } from "@/lib/recovery-point-status";
import {
  HEALTH_LABELS,
  REPLICATION_JOB_TYPE,
  REPLICATION_REMOVE_JOB,
  REPLICATION_STATUS,
} from "@/lib/vocabulary";
import { type ReplicationDetail, replicationDisplay } from "@/server/replications/rows";
import { choice, isoDateTime } from "../representation";
import type { UrlBuilder } from "../urls";
import {
  choiceSchema,
  dateTime,
  nestedEndpointSchema,
  nestedNodeSchema,
  nestedVirtualMachineSchema,
} from "./common";

// Proxbox's ReplicationSerializer fields in NetBox's shapes, plus the health block read from Proxmox.

export const replicationSchema = z
  .object({
    id: z.int(),
    url: z.url(),
    display: z.string(),
    endpoint: nestedEndpointSchema,
    replication_id: z.string(),
    virtual_machine: nestedVirtualMachineSchema.nullable(),
    proxmox_node: nestedNodeSchema.nullable().meta({ description: "The target node" }),
    guest: z.int(),
    target: z.string(),
    job_type: choiceSchema(["local"]),
    schedule: z.string(),
    rate: z.number().nullable().meta({ description: "MB/s; null = unlimited" }),
    comment: z.string().nullable(),
    disable: z.boolean(),
    source: z.string().nullable(),
    jobnum: z.int(),
    remove_job: choiceSchema(["local", "full"]).nullable(),
    status: choiceSchema(["active", "stale"]),
    raw_config: z.record(z.string(), z.unknown()),
    health: z.object({
      state: choiceSchema(["ok", "syncing", "pending", "error", "disabled", "removal_scheduled", "unknown"]),
      last_sync: dateTime.nullable(),
      last_try: dateTime.nullable(),
      next_sync: dateTime.nullable(),
      duration: z.number().nullable().meta({ description: "seconds" }),
      fail_count: z.int().nullable(),
      error: z.string().nullable(),
    }),
    // Recovery point (issue 13). Top-level, like the filters of the same names (?overdue=true).
    recovery_point_age: z
      .int()
      .nullable()
      .meta({ description: "Seconds since the last successful sync; null when the job never synced" }),
    expected_interval: z.int().nullable().meta({
      description:
        "Seconds: the longest gap between consecutive runs of the schedule in the node's time zone; null when not computed yet or the schedule fires fewer than twice more",
    }),
    overdue: z.boolean().meta({
      description:
        "The recovery point is older than the expected interval × the endpoint's grace factor plus the last duration (never for disabled, stale or removal-scheduled jobs)",
    }),
    overdue_at: dateTime.nullable().meta({ description: "When the job becomes (or became) overdue" }),
    stuck: z.boolean().meta({ description: "A sync has been running longer than the endpoint's bound" }),
    stuck_at: dateTime.nullable().meta({ description: "When the running sync counts as stuck" }),
    created: dateTime,
    last_updated: dateTime,
  })
  .meta({ id: "Replication" });
export type ReplicationOut = z.output<typeof replicationSchema>;

export const REPLICATION_BRIEF_FIELDS = [
  "id",
  "url",
  "display",
  "replication_id",
  "virtual_machine",
  "target",
  "status",
] as const;

type Choice<T> = { value: T; label: string };

export function serializeReplication(
  r: ReplicationDetail,
  url: UrlBuilder,
  now = new Date(),
): ReplicationOut {
  const vm = r.virtualMachine;
  const point = recoveryPointStatus(r, now);
  const node = r.proxmoxNode;
  return {
    id: r.id,
    url: url("replications", r.id),
    display: replicationDisplay(r),
    endpoint: {
      id: r.endpoint.id,
      url: url("endpoints", r.endpoint.id),
      display: r.endpoint.name,
      name: r.endpoint.name,
    },
    replication_id: r.replicationId,
    virtual_machine: vm
      ? {
          id: vm.id,
          url: url("virtual-machines", vm.id),
          display: vm.name ?? `VM ${vm.vmid}`,
          name: vm.name,
          vmid: vm.vmid,
        }
      : null,
    proxmox_node: node
      ? {
          id: node.id,
          url: url("nodes", node.id),
          display: node.name,
          name: node.name,
          node_id: node.nodeId,
          online: node.online,
        }
      : null,
    guest: r.guest,
    target: r.target,
    job_type: choice(REPLICATION_JOB_TYPE, r.jobType) as Choice<"local">,
    schedule: r.schedule,
    rate: r.rate,
    comment: r.comment,
    disable: r.disable,
    source: r.source,
    jobnum: r.jobnum,
    remove_job: choice(REPLICATION_REMOVE_JOB, r.removeJob),
    status: choice(REPLICATION_STATUS, r.status),
    raw_config: (r.rawConfig ?? {}) as Record<string, unknown>,
    health: {
      state: choice(HEALTH_LABELS, r.health) as ReplicationOut["health"]["state"],
      last_sync: isoDateTime(r.lastSync),
      last_try: isoDateTime(r.lastTry),
      next_sync: isoDateTime(r.nextSync),
      duration: r.duration,
      fail_count: r.failCount,
      error: r.error,
    },
    recovery_point_age: point.recoveryPointAge,
    expected_interval: r.expectedIntervalSeconds,
    overdue: point.overdue,
    overdue_at: isoDateTime(r.overdueAt),
    stuck: point.stuck,
    stuck_at: isoDateTime(r.stuckAt),
    created: isoDateTime(r.created),
    last_updated: isoDateTime(r.lastUpdated),
  };
}
