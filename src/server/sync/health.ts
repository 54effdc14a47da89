// Replication health, derived the way the Proxmox GUI renders a job's Status column
// (pve-manager www/manager6/grid/Replication.js): a running pid shows a spinner; otherwise
// "Removal Scheduled" and/or the error text, else OK. We add what the GUI leaves implicit:
// *disabled*, *pending* (never synced) and *unknown* (the source node could not be asked) — never
// *ok* by default. This file is the whole rule; the stages only fetch and store.

// The vocabulary (states, labels, severity) lives in src/lib/vocabulary.ts so the browser can use it too.
import type { HealthState } from "@/lib/vocabulary";
import type { NodeReplicationStatus } from "@/server/proxmox";

interface HealthInput {
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

/** The health columns of a replication row. */
export interface HealthValues {
  last_sync: Date | null;
  last_try: Date | null;
  next_sync: Date | null;
  duration: number | null;
  fail_count: number | null;
  error: string | null;
  syncing_pid: number | null;
  health: HealthState;
}

const epoch = (s: number | undefined) => (s ? new Date(s * 1000) : null);

/**
 * The part of a node's job status that health is derived from. A sync keeps only this per job
 * (not the whole parsed item and its raw copy) while it works through 100,000 jobs (issue 11).
 */
export type NodeJobStatus = Pick<
  NodeReplicationStatus,
  | "id"
  | "last_sync"
  | "last_try"
  | "next_sync"
  | "duration"
  | "fail_count"
  | "error"
  | "pid"
  | "disable"
  | "remove_job"
>;

/** A node's job list as id → status, holding only what health needs. */
export function nodeJobStatuses(list: NodeReplicationStatus[]): Map<string, NodeJobStatus> {
  const out = new Map<string, NodeJobStatus>();
  for (const s of list) {
    const { id, last_sync, last_try, next_sync, duration, fail_count, error, pid, disable, remove_job } = s;
    out.set(id, {
      id,
      last_sync,
      last_try,
      next_sync,
      duration,
      fail_count,
      error,
      pid,
      disable,
      remove_job,
    });
  }
  return out;
}

/** What the job's source node reported (GET /nodes/{node}/replication), over the job's configuration. */
export function healthFromStatus(
  job: { disable: boolean; remove_job: string | null },
  s: NodeJobStatus,
): HealthValues {
  return {
    last_sync: epoch(s.last_sync),
    last_try: epoch(s.last_try),
    next_sync: epoch(s.next_sync),
    duration: s.duration ?? null,
    fail_count: s.fail_count ?? 0,
    error: s.error ?? null,
    syncing_pid: s.pid ?? null,
    health: deriveHealth({
      observed: true,
      disable: s.disable ?? job.disable,
      removeJob: s.remove_job ?? job.remove_job,
      pid: s.pid,
      error: s.error,
      lastSync: s.last_sync,
    }),
  };
}

/** The node could not be asked (or did not list the job): keep the last known values, state unknown. */
export function unknownHealth(last: Omit<HealthValues, "health">): HealthValues {
  const { last_sync, last_try, next_sync, duration, fail_count, error, syncing_pid } = last;
  return { last_sync, last_try, next_sync, duration, fail_count, error, syncing_pid, health: "unknown" };
}

/** The node a job runs on (and reports its health): its guest's current node when known, else the job's source. */
export function sourceNodeOf(guestNode: string | null | undefined, source: string | null | undefined) {
  return guestNode ?? source ?? null;
}
