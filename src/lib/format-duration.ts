// Durations as the Proxmox GUI writes them.

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

/**
 * An age or interval at a glance, its two largest units: "45s", "12m 5s", "3h 12m", "2d 4h", "1y 3d".
 * The list's recovery point column; the exact figure is in the tooltip.
 */
export function formatAge(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "-";
  const units: [number, string][] = [
    [31_536_000, "y"],
    [86_400, "d"],
    [3600, "h"],
    [60, "m"],
    [1, "s"],
  ];
  let rest = Math.floor(seconds);
  const parts: string[] = [];
  for (const [size, unit] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (parts.length > 0 || n > 0) parts.push(n > 0 ? `${n}${unit}` : "");
    if (parts.length === 2) break;
  }
  const shown = parts.filter(Boolean);
  return shown.length > 0 ? shown.join(" ") : "0s";
}
