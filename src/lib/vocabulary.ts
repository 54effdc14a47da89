// The product's vocabulary, in one place for the browser and the server: every choice a field can take
// with the label an operator reads (NetBox's ChoiceSet: value → label), the defaults Proxmox applies, and
// which sync-run states are final. Filtersets, serializers, exports, the CLI and the UI all read these.

/** A job's health as read from its source node, worst-to-best order as the Proxmox GUI ranks it. */
export const HEALTH_STATES = [
  "syncing",
  "error",
  "removal_scheduled",
  "disabled",
  "pending",
  "ok",
  "unknown",
] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export const HEALTH_LABELS: Record<HealthState, string> = {
  syncing: "Syncing",
  error: "Error",
  removal_scheduled: "Removal scheduled",
  disabled: "Disabled",
  pending: "Pending",
  ok: "OK",
  unknown: "Unknown",
};

/** Worst first: what an operator must look at before anything else. */
export const HEALTH_SEVERITY: Record<HealthState, number> = {
  error: 6,
  unknown: 5,
  removal_scheduled: 4,
  pending: 3,
  syncing: 2,
  disabled: 1,
  ok: 0,
};

/** Health states that need an operator: counted as "failing" on the overview. */
export const FAILING_HEALTH_STATES: readonly HealthState[] = ["error", "unknown", "removal_scheduled"];

export function isHealthState(value: string): value is HealthState {
  return (HEALTH_STATES as readonly string[]).includes(value);
}

/** Proxmox's default replication schedule: a job without `schedule` runs every 15 minutes. */
export const DEFAULT_REPLICATION_SCHEDULE = "*/15";

export const REPLICATION_STATUS = { active: "Active", stale: "Stale" } as const;
export const REPLICATION_JOB_TYPE = { local: "Local" } as const;
export const REPLICATION_REMOVE_JOB = { local: "Local", full: "Full" } as const;

/** Guest types as Proxmox names them (QEMU virtual machines and LXC containers). */
export const VM_TYPE = { qemu: "QEMU", lxc: "LXC" } as const;

export const SYNC_KIND = {
  full: "Full",
  replications: "Replications",
  endpoint: "Endpoint",
  replication: "Replication",
} as const;
export const SYNC_TRIGGER = { manual: "Manual", schedule: "Schedule", api: "API", cli: "CLI" } as const;
export const SYNC_STATE = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  partial: "Partial",
} as const;
export type SyncState = keyof typeof SYNC_STATE;

/** A run ends succeeded, failed or partial (some stage failed but nothing was lost). */
export const FINAL_SYNC_STATES: readonly SyncState[] = ["succeeded", "failed", "partial"];
export function isFinalSyncState(state: string | null | undefined): boolean {
  return !!state && (FINAL_SYNC_STATES as readonly string[]).includes(state);
}

export const CHANGE_ACTION = { create: "Created", update: "Updated", delete: "Deleted" } as const;
