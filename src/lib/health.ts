// The health vocabulary shared by the browser and the server (src/server/sync/health.ts derives the
// state of a job; this file names and ranks the states).

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

export function isHealthState(value: string): value is HealthState {
  return (HEALTH_STATES as readonly string[]).includes(value);
}

/**
 * Proxmox's `render_duration` (proxmox-widget-toolkit Utils.format_duration_human): "<0.1s", "3.4s",
 * "2m 5s", "1h 2m", "3d 4h", "1y 2d 3h".
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "-";
  if (seconds <= 0.1) return "<0.1s";
  const secs = Number((seconds % 60).toFixed(1));
  let rest = Math.trunc(seconds / 60);
  const minutes = rest % 60;
  rest = Math.trunc(rest / 60);
  const hours = rest % 24;
  rest = Math.trunc(rest / 24);
  const days = rest % 365;
  const years = Math.trunc(rest / 365);
  const parts: string[] = [];
  const add = (n: number, unit: string) => {
    if (n > 0) parts.push(`${n}${unit}`);
    return n > 0;
  };
  const addMinutes = !add(years, "y");
  const addSeconds = !add(days, "d");
  add(hours, "h");
  if (addMinutes) {
    add(minutes, "m");
    if (addSeconds) add(secs, "s");
  }
  return parts.join(" ");
}
