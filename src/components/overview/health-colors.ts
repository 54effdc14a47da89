import type { HealthState } from "@/lib/vocabulary";

// One colour per health state for pictures (bars, arrows), readable on white and on zinc-950.
// Literal class names so Tailwind generates them.

export const HEALTH_FILL: Record<HealthState, string> = {
  error: "fill-red-600 dark:fill-red-400",
  unknown: "fill-violet-600 dark:fill-violet-400",
  removal_scheduled: "fill-amber-500 dark:fill-amber-400",
  pending: "fill-slate-500 dark:fill-slate-400",
  syncing: "fill-blue-600 dark:fill-blue-400",
  disabled: "fill-zinc-400 dark:fill-zinc-600",
  ok: "fill-green-600 dark:fill-green-400",
};

export const HEALTH_STROKE: Record<HealthState, string> = {
  error: "stroke-red-600 dark:stroke-red-400",
  unknown: "stroke-violet-600 dark:stroke-violet-400",
  removal_scheduled: "stroke-amber-500 dark:stroke-amber-400",
  pending: "stroke-slate-500 dark:stroke-slate-400",
  syncing: "stroke-blue-600 dark:stroke-blue-400",
  disabled: "stroke-zinc-400 dark:stroke-zinc-600",
  ok: "stroke-green-600 dark:stroke-green-400",
};

export const HEALTH_BG: Record<HealthState, string> = {
  error: "bg-red-600 dark:bg-red-400",
  unknown: "bg-violet-600 dark:bg-violet-400",
  removal_scheduled: "bg-amber-500 dark:bg-amber-400",
  pending: "bg-slate-500 dark:bg-slate-400",
  syncing: "bg-blue-600 dark:bg-blue-400",
  disabled: "bg-zinc-400 dark:bg-zinc-600",
  ok: "bg-green-600 dark:bg-green-400",
};
