import { CircleCheck, CircleDashed, CircleX, LoaderCircle, MinusCircle, TriangleAlert } from "lucide-react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { SYNC_STATE, type SyncState } from "@/lib/vocabulary";

// How a sync run and its stages read in the UI. A run ends succeeded, failed or partial (some stage
// failed but nothing was lost); its stages are pending, running, done, failed or skipped.

type RunState = SyncState;

const RUN_TONE: Record<RunState, BadgeTone> = {
  queued: "gray",
  running: "blue",
  succeeded: "green",
  failed: "red",
  partial: "amber",
};

export function RunStateBadge({ state }: { state: string }) {
  const s = (state in RUN_TONE ? state : "queued") as RunState;
  return (
    <Badge tone={RUN_TONE[s]} data-run-state={s}>
      {s === "running" ? (
        <LoaderCircle aria-hidden="true" className="animate-spin motion-reduce:animate-none" />
      ) : null}
      {SYNC_STATE[s]}
    </Badge>
  );
}

export type StageState = "pending" | "running" | "succeeded" | "failed" | "skipped";

/** Stage states in the operator's words: a succeeded stage is "done". */
export const STAGE_LABEL: Record<StageState, string> = {
  pending: "pending",
  running: "running",
  succeeded: "done",
  failed: "failed",
  skipped: "skipped",
};

const STAGE_ICON: Record<StageState, { icon: typeof CircleCheck; className: string; spin?: boolean }> = {
  pending: { icon: CircleDashed, className: "text-zinc-500 dark:text-zinc-400" },
  running: { icon: LoaderCircle, className: "text-blue-700 dark:text-blue-400", spin: true },
  succeeded: { icon: CircleCheck, className: "text-green-700 dark:text-green-400" },
  failed: { icon: CircleX, className: "text-red-700 dark:text-red-400" },
  skipped: { icon: MinusCircle, className: "text-zinc-500 dark:text-zinc-400" },
};

export function StageIcon({ state }: { state: string }) {
  const s = (state in STAGE_ICON ? state : "pending") as StageState;
  const { icon: Icon, className, spin } = STAGE_ICON[s];
  return (
    <Icon
      aria-hidden="true"
      className={cn("size-4 shrink-0", className, spin && "animate-spin motion-reduce:animate-none")}
    />
  );
}

export function WarningIcon({ className }: { className?: string }) {
  return <TriangleAlert aria-hidden="true" className={cn("size-4 shrink-0", className)} />;
}
