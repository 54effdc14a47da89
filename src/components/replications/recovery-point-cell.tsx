"use client";

import { Badge } from "@/components/ui/badge";
import { formatExact } from "@/components/ui/format";
import { TooltipText } from "@/components/ui/tooltip";
import { formatAge } from "@/lib/format-duration";
import type { ReplicationListItem } from "@/server/replications/rows";

// The list's "Recovery point" column (issue 13): how old the last successful sync is, with the
// schedule's expected interval under it, and Overdue / Stuck badges. Age and flags come with the row
// (computed where the page was read, one clock for the page), so server and browser render the same.

const asDate = (v: Date | string | null) => (v === null ? null : new Date(v));

type Row = Pick<
  ReplicationListItem,
  | "recoveryPointAge"
  | "expectedIntervalSeconds"
  | "overdue"
  | "overdueAt"
  | "stuck"
  | "stuckAt"
  | "disable"
  | "removeJob"
  | "status"
>;

function overdueLine(r: Row): string {
  const overdueAt = asDate(r.overdueAt);
  if (r.status === "stale") return "Stale: no longer reported by Proxmox, never overdue.";
  if (r.disable) return "Disabled: never overdue.";
  if (r.removeJob) return "Scheduled for removal: never overdue.";
  if (!overdueAt) return "No overdue time yet (computed by the next sync).";
  return r.overdue
    ? `Overdue since ${formatExact(overdueAt)}.`
    : `Becomes overdue at ${formatExact(overdueAt)}.`;
}

export function RecoveryPointCell({ row: r }: { row: Row }) {
  const age = r.recoveryPointAge === null ? "never" : formatAge(r.recoveryPointAge);
  const interval =
    r.expectedIntervalSeconds === null ? null : `every ≤ ${formatAge(r.expectedIntervalSeconds)}`;
  const stuckAt = asDate(r.stuckAt);
  const lines = [
    r.recoveryPointAge === null
      ? "Never synced successfully: no recovery point."
      : `Last successful sync ${age} ago.`,
    interval
      ? `Expected interval ${formatAge(r.expectedIntervalSeconds)} (the schedule's longest gap).`
      : "No expected interval yet.",
    overdueLine(r),
    stuckAt === null
      ? null
      : r.stuck
        ? `Stuck: the running sync passed the endpoint's bound at ${formatExact(stuckAt)}.`
        : `A sync is running; it counts as stuck from ${formatExact(stuckAt)}.`,
  ].filter((l): l is string => l !== null);
  const flags = [r.overdue ? "overdue" : "", r.stuck ? "stuck" : ""].filter(Boolean).join(", ");
  return (
    <span className="flex flex-col gap-0.5">
      <span className="flex flex-wrap items-center gap-1 whitespace-nowrap">
        <TooltipText
          content={
            <span className="flex flex-col gap-0.5">
              {lines.map((l) => (
                <span key={l}>{l}</span>
              ))}
            </span>
          }
          label={`Recovery point ${age}${interval ? `, ${interval}` : ""}${flags ? `, ${flags}` : ""}`}
          className={r.overdue ? "font-semibold text-red-700 tabular-nums dark:text-red-400" : "tabular-nums"}
        >
          {age}
        </TooltipText>
        {r.overdue ? <Badge tone="red">Overdue</Badge> : null}
        {r.stuck ? <Badge tone="amber">Stuck</Badge> : null}
      </span>
      {interval ? <span className="text-xs text-zinc-600 dark:text-zinc-400">{interval}</span> : null}
    </span>
  );
}
