import { Ban, CircleCheck, CircleHelp, CircleX, Clock, LoaderCircle, PowerOff } from "lucide-react";
import { HEALTH_LABELS, type HealthState, isHealthState } from "@/lib/vocabulary";
import { cn } from "./cn";

// The Proxmox GUI's Status column (pve-manager grid/Replication.js): a spinner while a sync runs,
// ban icon + "Removal scheduled", red icon + the error text, green check + "OK". Proxbox adds the
// states the GUI leaves implicit: Disabled, Pending (never synced) and Unknown (node not asked).

const STYLE: Record<HealthState, { icon: typeof Ban; className: string; spin?: boolean }> = {
  ok: { icon: CircleCheck, className: "text-green-800 dark:text-green-400" },
  error: { icon: CircleX, className: "text-red-700 dark:text-red-400" },
  syncing: { icon: LoaderCircle, className: "text-blue-700 dark:text-blue-400", spin: true },
  removal_scheduled: { icon: Ban, className: "text-amber-800 dark:text-amber-400" },
  pending: { icon: Clock, className: "text-zinc-700 dark:text-zinc-300" },
  disabled: { icon: PowerOff, className: "text-zinc-600 dark:text-zinc-400" },
  unknown: { icon: CircleHelp, className: "text-zinc-600 dark:text-zinc-400" },
};

export function HealthBadge({
  health,
  error,
  className,
  truncate = true,
}: {
  health: string;
  /** The job's error text, shown next to the icon when health is "error" (as Proxmox does). */
  error?: string | null;
  className?: string;
  truncate?: boolean;
}) {
  const state: HealthState = isHealthState(health) ? health : "unknown";
  const { icon: Icon, className: tone, spin } = STYLE[state];
  const label = HEALTH_LABELS[state];
  const text = state === "error" && error ? error : label;
  return (
    <span
      data-health={state}
      title={state === "error" && error ? `Error: ${error}` : label}
      className={cn("inline-flex max-w-full items-center gap-1.5 text-sm", tone, className)}
    >
      <Icon
        aria-hidden="true"
        className={cn("size-4 shrink-0", spin && "animate-spin motion-reduce:animate-none")}
      />
      {state === "error" && error ? <span className="sr-only">Error: </span> : null}
      <span className={cn(truncate && "truncate")}>{text}</span>
    </span>
  );
}
