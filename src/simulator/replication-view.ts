import { nextEvent, parseCalendarEvent } from "@/lib/calendar-event";
import { type Job, type JobState, jobGuest, jobNum } from "./scenario";
import type { ClusterRuntime } from "./state";
import { formatLocal } from "./time-zone";

// How pve-manager renders replication jobs (spec §1.1, §1.6, §1.9).

const DEFAULT_SCHEDULE = "*/15";
const NEVER_RAN: JobState = { last_sync: 0, last_try: 0, fail_count: 0 };

type CalendarEvent = ReturnType<typeof parseCalendarEvent>;
const parsedSchedules = new Map<string, CalendarEvent>();

function parsedSchedule(text: string): CalendarEvent {
  let event = parsedSchedules.get(text);
  if (!event) {
    event = parseCalendarEvent(text);
    parsedSchedules.set(text, event);
  }
  return event;
}

/** A /cluster/replication item: the replication.cfg section plus id, guest and jobnum; no state. */
export function configItem(job: Job): Record<string, unknown> {
  const item: Record<string, unknown> = {
    id: job.id,
    type: "local",
    guest: jobGuest(job.id),
    jobnum: jobNum(job.id),
    target: job.target,
  };
  if (job.source !== undefined) item.source = job.source;
  // The GUI strips the default on create, so a stored "*/15" is rare; either way nothing is sent for it.
  if (job.schedule !== undefined && job.schedule !== DEFAULT_SCHEDULE) item.schedule = job.schedule;
  if (job.rate !== undefined) item.rate = job.rate;
  if (job.comment !== undefined) item.comment = job.comment;
  if (job.disable !== undefined) item.disable = job.disable ? 1 : 0;
  if (job.remove_job !== undefined) item.remove_job = job.remove_job;
  return item;
}

/** next_sync as ReplicationState::job_status computes it, in the node's local time zone. */
export function nextSync(c: ClusterRuntime, job: Job, timeZone: string): number {
  if (job.remove_job) return 1;
  const state = job.state ?? NEVER_RAN;
  if (state.fail_count > 0) {
    const target = c.nodes.find((n) => n.name === job.target);
    if (!target?.online) return 0;
    return state.last_try + 60 * (state.fail_count <= 3 ? 5 * state.fail_count : 30);
  }
  return nextEvent(parsedSchedule(job.schedule ?? DEFAULT_SCHEDULE), state.last_try, timeZone) ?? 0;
}

/** A /nodes/{node}/replication item: config + vmtype + next_sync + state (duration/error/pid only when set). */
export function statusItem(c: ClusterRuntime, job: Job, timeZone: string): Record<string, unknown> {
  const state = job.state ?? NEVER_RAN;
  const item = configItem(job);
  item.vmtype = c.guests.get(jobGuest(job.id))?.type ?? "qemu";
  item.next_sync = nextSync(c, job, timeZone);
  item.last_sync = state.last_sync;
  item.last_try = state.last_try;
  item.fail_count = state.fail_count;
  if (state.duration !== undefined) item.duration = state.duration;
  if (state.error !== undefined) item.error = state.error;
  if (state.pid !== undefined) item.pid = state.pid;
  return item;
}

/**
 * Jobs `node` reports: its guest exists and lives there, and the target is another node unless the job is
 * being removed. Disabled jobs are included (job_status(1)).
 */
export function jobsOnNode(jobs: Job[], c: ClusterRuntime, node: string): Job[] {
  return jobs.filter((job) => {
    const guest = c.guests.get(jobGuest(job.id));
    if (!guest || guest.node !== node) return false;
    return job.target !== node || job.remove_job !== undefined;
  });
}

/** Lines of /var/log/pve/replicate/<id>, or null when the job never ran (no file). */
export function logLines(c: ClusterRuntime, job: Job, timeZone: string): string[] | null {
  const state = job.state ?? NEVER_RAN;
  const start = state.last_try;
  const end = start + Math.ceil(state.duration ?? 1);
  const stamp = (t: number) => `${formatLocal(timeZone, t)} ${job.id}: `;
  if (job.log)
    return job.log.map((msg) => (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /.test(msg) ? msg : stamp(start) + msg));
  if (start === 0) return null;

  const vmid = jobGuest(job.id);
  const guest = c.guests.get(vmid);
  const isCt = guest?.type === "lxc";
  const zfs = c.storages.find((s) => s.type === "zfspool" && (!guest || s.node === guest.node))?.storage;
  const volume = `${zfs ?? "local-zfs"}:${isCt ? "subvol" : "vm"}-${vmid}-disk-0`;
  const snap = (t: number) => `__replicate_${job.id}_${t}__`;
  const lines = [
    "start replication job",
    `guest => ${isCt ? "CT" : "VM"} ${vmid}, running => ${guest?.status === "running" ? 1 : 0}`,
    `volumes => ${volume}`,
    `create snapshot '${snap(start)}' on ${volume}`,
    `using secure transmission, rate limit: ${job.rate === undefined ? "none" : `${job.rate} MByte/s`}`,
  ];
  const out = lines.map((l) => stamp(start) + l);
  if (state.error !== undefined) {
    out.push(`${stamp(end)}end replication job with error: ${state.error}`);
    return out;
  }
  // The previous replication snapshot is the last successful sync before this run; for a job that just
  // succeeded that run is not recorded any more, so assume one default interval earlier.
  const previous = state.last_sync > 0 && state.last_sync < start ? state.last_sync : start - 900;
  out.push(`${stamp(start)}incremental sync '${volume}' (${snap(previous)} => ${snap(start)})`);
  if (state.pid !== undefined) return out;
  out.push(`${stamp(end)}delete previous replication snapshot '${snap(previous)}' on ${volume}`);
  out.push(`${stamp(end)}end replication job`);
  return out;
}
