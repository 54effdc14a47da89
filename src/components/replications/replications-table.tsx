"use client";

import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";
import { api } from "@/lib/trpc/react";
import type { ReplicationRow } from "@/server/replications/service";

const features = tableFeatures({});
const helper = createColumnHelper<typeof features, ReplicationRow>();
const columns = helper.columns([
  helper.accessor("replicationId", { header: "ID" }),
  helper.accessor((r) => r.virtualMachine?.name ?? (r.virtualMachine ? `VM ${r.virtualMachine.vmid}` : "—"), {
    id: "virtual_machine",
    header: "VM",
  }),
  helper.accessor((r) => r.endpoint.name, { id: "endpoint", header: "Endpoint" }),
  helper.accessor("source", { header: "Source", cell: (c) => c.getValue() ?? "—" }),
  helper.accessor("target", { header: "Target" }),
  helper.accessor("schedule", { header: "Schedule" }),
  helper.accessor("rate", {
    header: "Rate",
    cell: (c) => (c.getValue() == null ? "unlimited" : `${c.getValue()} MB/s`),
  }),
  helper.accessor("status", { header: "Status" }),
]);
const EMPTY: ReplicationRow[] = [];

export function ReplicationsTable() {
  const query = api.replications.list.useQuery({ limit: 50, offset: 0 });
  const table = useTable({ features, columns, data: query.data?.rows ?? EMPTY });

  if (query.isPending) return <p aria-busy="true">Loading replications…</p>;
  if (query.isError) return <p role="alert">Could not load replications: {query.error.message}</p>;
  if (query.data.count === 0) {
    return (
      <div className="rounded border border-dashed border-zinc-300 p-8 text-center dark:border-zinc-700">
        <p className="font-medium">No replications yet</p>
        <p className="text-sm text-zinc-500">
          Add a Proxmox endpoint and run a sync to import its replication jobs.
        </p>
      </div>
    );
  }
  return (
    <table className="w-full text-sm" data-testid="replications-table">
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id} className="border-b border-zinc-200 text-left dark:border-zinc-800">
            {group.headers.map((header) => (
              <th key={header.id} className="px-2 py-1 font-medium">
                <table.FlexRender header={header} />
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id} className="border-b border-zinc-100 dark:border-zinc-900">
            {row.getAllCells().map((cell) => (
              <td key={cell.id} className="px-2 py-1">
                <table.FlexRender cell={cell} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
