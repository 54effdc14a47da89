// A schedule's expected interval, as the recovery-point panel writes it.

/**
 * A schedule's interval the way operators say it: "15 min", "1 h", "72 h", "72.5 h", "14 d" (whole
 * days only from two weeks on, where hours stop being read). Hours up to one decimal.
 */
export function formatInterval(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "-";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Number((seconds / 60).toFixed(1))} min`;
  if (seconds >= 14 * 86_400 && seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  return `${Number((seconds / 3600).toFixed(1))} h`;
}
