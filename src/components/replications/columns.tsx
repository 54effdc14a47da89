"use client";

import Link from "next/link";
import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { Badge, Dash } from "@/components/ui/badge";
import { Duration } from "@/components/ui/duration";
import { HealthBadge } from "@/components/ui/health-badge";
import { Rate } from "@/components/ui/rate";
import { formatExact, RelativeTime } from "@/components/ui/relative-time";
import { Schedule } from "@/components/ui/schedule";
import { TooltipText } from "@/components/ui/tooltip";
import type { ReplicationListItem } from "@/server/replications/rows";
import { RecoveryPointCell } from "./recovery-point-cell";

// The replications table: thin column definitions. Column ids are the REST field names, so a header
// click writes `ordering=<id>` and the chooser's choice matches the CSV export's column keys.

const helper = createDataTableColumnHelper<ReplicationListItem>();
const link = "text-blue-700 hover:underline dark:text-blue-400";
const text = (v: string | null | undefined) => (v ? v : <Dash />);

export const REPLICATION_DEFAULT_COLUMNS = [
  "virtual_machine",
  "endpoint",
  "target",
  "schedule",
  "rate",
  "health",
  "last_sync",
  "recovery_point_age",
  "next_sync",
  "status",
];

export const replicationColumns = helper.columns([
  helper.accessor("replicationId", {
    id: "replication_id",
    header: "Replication ID",
    cell: (c) => (
      <Link href={`/replications/${c.row.original.id}`} className={`${link} font-mono whitespace-nowrap`}>
        {c.getValue()}
      </Link>
    ),
  }),
  helper.accessor((r) => r.virtualMachine?.name ?? null, {
    id: "virtual_machine",
    header: "Virtual machine",
    cell: (c) => {
      const vm = c.row.original.virtualMachine;
      if (!vm)
        return (
          <span title="The guest is not in the inventory">{`guest ${c.row.original.guest}`} (unlinked)</span>
        );
      return (
        <Link href={`/virtual-machines/${vm.id}`} className={link}>
          {vm.name ?? `VM ${vm.vmid}`}
        </Link>
      );
    },
  }),
  helper.accessor((r) => r.endpoint.name, {
    id: "endpoint",
    header: "Endpoint",
    cell: (c) => (
      <Link href={`/endpoints/${c.row.original.endpoint.id}`} className={link}>
        {c.getValue()}
      </Link>
    ),
  }),
  helper.accessor("source", { id: "source", header: "Source", cell: (c) => text(c.getValue()) }),
  helper.accessor("target", {
    id: "target",
    header: "Target node",
    cell: (c) => {
      const node = c.row.original.proxmoxNode;
      return (
        <span className="whitespace-nowrap">
          {c.getValue()}
          {node && !node.online ? (
            <Badge tone="amber" className="ml-1">
              offline
            </Badge>
          ) : null}
        </span>
      );
    },
  }),
  helper.accessor("jobType", {
    id: "job_type",
    header: "Type",
    cell: (c) => (c.getValue() === "local" ? "Local" : c.getValue()),
  }),
  helper.accessor("schedule", {
    id: "schedule",
    header: "Schedule",
    cell: (c) => <Schedule value={c.getValue()} timeZone={c.row.original.endpoint.timezone} />,
  }),
  helper.accessor("rate", { id: "rate", header: "Rate", cell: (c) => <Rate value={c.getValue()} /> }),
  helper.accessor("disable", {
    id: "disable",
    header: "Disabled",
    cell: (c) =>
      c.getValue() ? (
        <Badge tone="gray">Yes</Badge>
      ) : (
        <span className="text-zinc-600 dark:text-zinc-400">No</span>
      ),
  }),
  helper.accessor("removeJob", {
    id: "remove_job",
    header: "Remove job",
    cell: (c) =>
      c.getValue() ? <Badge tone="amber">{c.getValue() === "full" ? "Full" : "Local"}</Badge> : <Dash />,
  }),
  helper.accessor("comment", {
    id: "comment",
    header: "Comment",
    cell: (c) => <span className="line-clamp-2 break-words">{text(c.getValue())}</span>,
  }),
  helper.accessor("guest", {
    id: "guest",
    header: "Guest",
    cell: (c) => <span className="tabular-nums">{c.getValue()}</span>,
  }),
  helper.accessor("jobnum", {
    id: "jobnum",
    header: "Job number",
    cell: (c) => <span className="tabular-nums">{c.getValue()}</span>,
  }),
  helper.accessor("status", {
    id: "status",
    header: "Status",
    cell: (c) =>
      c.getValue() === "stale" ? (
        <TooltipText content="No longer reported by Proxmox" className="no-underline">
          <Badge tone="amber">Stale</Badge>
        </TooltipText>
      ) : (
        <Badge tone="green">Active</Badge>
      ),
  }),
  helper.accessor("health", {
    id: "health",
    header: "Health",
    cell: (c) => (
      <span className="block max-w-52">
        <HealthBadge health={c.getValue()} error={c.row.original.error} />
      </span>
    ),
  }),
  helper.accessor("lastSync", {
    id: "last_sync",
    header: "Last sync",
    cell: (c) => (c.row.original.syncingPid ? <span>syncing</span> : <RelativeTime value={c.getValue()} />),
  }),
  // Sorts by age (ordering=recovery_point_age): never-synced jobs last, first with the reverse.
  helper.accessor("recoveryPointAge", {
    id: "recovery_point_age",
    header: "Recovery point",
    cell: (c) => <RecoveryPointCell row={c.row.original} />,
  }),
  helper.accessor("nextSync", {
    id: "next_sync",
    header: "Next sync",
    cell: (c) => <NextSync value={c.getValue()} />,
  }),
  helper.accessor("lastTry", {
    id: "last_try",
    header: "Last try",
    cell: (c) => <RelativeTime value={c.getValue()} />,
  }),
  helper.accessor("duration", {
    id: "duration",
    header: "Duration",
    cell: (c) => <Duration seconds={c.getValue()} />,
  }),
  helper.accessor("failCount", {
    id: "fail_count",
    header: "Fail count",
    cell: (c) => {
      const v = c.getValue();
      if (v === null) return <Dash />;
      return (
        <span
          className={v > 0 ? "font-semibold text-red-700 tabular-nums dark:text-red-400" : "tabular-nums"}
        >
          {v}
        </span>
      );
    },
  }),
  helper.accessor("error", {
    id: "error",
    header: "Error",
    cell: (c) => (
      <span className="line-clamp-2 break-words text-red-800 dark:text-red-300">{text(c.getValue())}</span>
    ),
  }),
  helper.accessor((r) => r.proxmoxNode?.name ?? null, {
    id: "proxmox_node",
    header: "Target node (linked)",
    cell: (c) => text(c.getValue()),
  }),
  helper.accessor("id", {
    id: "id",
    header: "ID",
    cell: (c) => <span className="tabular-nums">{c.getValue()}</span>,
  }),
  helper.accessor("created", {
    id: "created",
    header: "Created",
    cell: (c) => <RelativeTime value={c.getValue()} />,
  }),
  helper.accessor("lastUpdated", {
    id: "last_updated",
    header: "Last updated",
    cell: (c) => <RelativeTime value={c.getValue()} />,
  }),
]);

export const REPLICATION_COLUMN_IDS = replicationColumns.map((c) => c.id as string);

/** Proxmox's Next Sync: a dash if never, "pending" once due, else the time. */
function NextSync({ value }: { value: Date | null }) {
  if (!value) return <Dash />;
  const date = new Date(value);
  if (date.getTime() > Date.now()) return <RelativeTime value={date} />;
  return (
    <TooltipText content={`due since ${formatExact(date)}`}>
      <span suppressHydrationWarning>pending</span>
    </TooltipText>
  );
}
