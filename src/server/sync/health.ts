// Replication health, derived the way the Proxmox GUI renders a job's Status column
// (pve-manager www/manager6/grid/Replication.js): a running pid shows a spinner; otherwise
// "Removal Scheduled" and/or the error text, else OK. We add what the GUI leaves implicit:
// *disabled*, *pending* (never synced) and *unknown* (the source node could not be asked) — never
// *ok* by default.

// The vocabulary (states, labels, severity) lives in src/lib/vocabulary.ts so the browser can use it too.
import { HEALTH_SEVERITY, type HealthState } from "@/lib/vocabulary";

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
