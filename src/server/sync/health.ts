// Replication health, derived the way the Proxmox GUI renders a job's Status column
// (pve-manager www/manager6/grid/Replication.js): a running pid shows a spinner; otherwise
// "Removal Scheduled" and/or the error text, else OK. We add what the GUI leaves implicit:
// *disabled*, *pending* (never synced) and *unknown* (the source node could not be asked) — never
// *ok* by default.

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

export interface HealthInput {
  /** false when the job's source node was not asked successfully (offline, 595, timeout). */
  observed: boolean;
  disable: boolean;
  removeJob: string | null;
  pid?: number | null;
  error?: string | null;
  lastSync?: number | null; // epoch seconds, 0 = never
}

export function deriveHealth(job: HealthInput): HealthState {
  if (!job.observed) return "unknown";
  if (job.pid) return "syncing";
  if (job.removeJob) return "removal_scheduled";
  if (job.error) return "error";
  if (job.disable) return "disabled";
  if (!job.lastSync) return "pending";
  return "ok";
}

export function worstHealth(states: Iterable<HealthState>): HealthState | null {
  let worst: HealthState | null = null;
  for (const s of states) if (worst === null || HEALTH_SEVERITY[s] > HEALTH_SEVERITY[worst]) worst = s;
  return worst;
}
