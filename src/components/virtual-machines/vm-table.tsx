"use client";

import { keepPreviousData } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { DataTable } from "@/components/data-table/data-table";
import { useTableUrlState } from "@/components/data-table/url-state";
import { useColumnPreferences } from "@/components/data-table/use-column-preferences";
import { Badge, Dash } from "@/components/ui/badge";
import { api } from "@/lib/trpc/react";
import { VM_TYPE } from "@/lib/vocabulary";
import type { VirtualMachineRow } from "@/server/virtual-machines/service";
import { VM_FILTER_FIELDS_NO_OPTIONS, vmFields } from "./fields";

// The virtual machines list: the same server-driven table as replications, over the VM filterset.

const helper = createDataTableColumnHelper<VirtualMachineRow>();
const link = "text-blue-700 hover:underline dark:text-blue-400";

const columns = helper.columns([
  helper.accessor("name", {
    id: "name",
    header: "Name",
    cell: (c) => (
      <Link href={`/virtual-machines/${c.row.original.id}`} className={link}>
        {c.getValue() ?? `VM ${c.row.original.vmid}`}
      </Link>
    ),
  }),
  helper.accessor("vmid", {
    id: "vmid",
    header: "VMID",
    cell: (c) => <span className="tabular-nums">{c.getValue()}</span>,
  }),
  helper.accessor("type", {
    id: "type",
    header: "Type",
    cell: (c) => VM_TYPE[c.getValue()],
  }),
  helper.accessor("nodeName", { id: "node", header: "Node", cell: (c) => c.getValue() ?? <Dash /> }),
  helper.accessor("status", {
    id: "status",
    header: "Status",
    cell: (c) => (
      <Badge tone={c.getValue() === "running" ? "green" : c.getValue() === "stopped" ? "gray" : "amber"}>
        {c.getValue()}
      </Badge>
    ),
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
  helper.accessor((r) => r._count.replications, {
    id: "replication_count",
    header: "Replications",
    cell: (c) =>
      c.getValue() > 0 ? (
        <Link href={`/virtual-machines/${c.row.original.id}/proxbox`} className={`${link} tabular-nums`}>
          {c.getValue()}
        </Link>
      ) : (
        <span className="tabular-nums text-zinc-600 dark:text-zinc-400">0</span>
      ),
  }),
  // Protected by an active, enabled job not scheduled for removal (the coverage page's rule).
  helper.accessor((r) => r.replications.length > 0, {
    id: "replicated",
    header: "Replicated",
    cell: (c) => (c.getValue() ? <Badge tone="green">Yes</Badge> : <Badge tone="amber">No</Badge>),
  }),
  helper.accessor("haState", {
    id: "ha_state",
    header: "HA state",
    cell: (c) => {
      const v = c.getValue();
      if (!v) return <Dash />;
      const group = c.row.original.haGroup;
      return (
        <span title={group ? `HA group ${group}` : undefined}>
          <Badge tone="blue">HA</Badge> {v}
        </span>
      );
    },
  }),
  helper.accessor("id", { id: "id", header: "ID" }),
]);

const ALL = columns.map((c) => c.id as string).filter((c) => c !== "name");
const DEFAULTS = [
  "vmid",
  "type",
  "node",
  "status",
  "endpoint",
  "replication_count",
  "replicated",
  "ha_state",
];

const NO_OPTIONS = VM_FILTER_FIELDS_NO_OPTIONS;

type ListInput = { query: string; limit: number; offset: number };
type VmList = { count: number; rows: VirtualMachineRow[]; errors: Record<string, string[]> };

export function VirtualMachinesTable({
  signedIn,
  initialColumns,
  initial,
}: {
  signedIn: boolean;
  initialColumns?: string[] | null;
  /** The first page as the server page loaded it for the same URL. */
  initial?: { input: ListInput; data: VmList };
}) {
  const endpoints = api.endpoints.list.useQuery(undefined, { staleTime: 60_000 });
  const fields = useMemo(
    () =>
      endpoints.data
        ? vmFields(endpoints.data.map((e) => ({ value: String(e.id), label: e.name })))
        : NO_OPTIONS,
    [endpoints.data],
  );
  const url = useTableUrlState(fields);
  const input = { query: url.query, limit: url.limit, offset: url.offset };
  const same = initial && JSON.stringify(initial.input) === JSON.stringify(input);
  const result = api.virtualMachines.list.useQuery(input, {
    placeholderData: keepPreviousData,
    initialData: same ? initial.data : undefined,
  });
  const prefs = useColumnPreferences("virtual_machines", DEFAULTS, ALL, {
    signedIn,
    initial: initialColumns,
  });
  return (
    <DataTable
      label="Virtual machines"
      noun={{ one: "virtual machine", many: "virtual machines" }}
      columns={columns}
      fixedColumns={["name"]}
      prefs={prefs}
      fields={fields}
      url={url}
      result={result}
      getRowId={(r) => String(r.id)}
      empty={
        url.filters.length > 0 || url.q
          ? { title: "No virtual machines found", hint: "No virtual machine matches these filters." }
          : { title: "No virtual machines yet", hint: "Run a full sync of an endpoint to import its guests." }
      }
    />
  );
}
