"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { useTableUrlState } from "@/components/data-table/url-state";
import { useColumnPreferences } from "@/components/data-table/use-column-preferences";
import { api } from "@/lib/trpc/react";
import type { ReplicationList } from "@/server/replications/service";
import { BulkDeleteDialog } from "./bulk-delete-dialog";
import { BulkEditDialog } from "./bulk-edit-dialog";
import { REPLICATION_COLUMN_IDS, REPLICATION_DEFAULT_COLUMNS, replicationColumns } from "./columns";
import { REPLICATION_FILTER_FIELDS_NO_OPTIONS, replicationFilterFields } from "./fields";

// The replications list: URL state (REST parameter names) → replications.list({ query }) → one page.
// `fixedQuery` scopes an embedded table (a VM's "Proxbox" tab: virtual_machine_id=<id>).

export interface Viewer {
  username: string;
  role: "viewer" | "operator" | "admin";
}

const FIXED_COLUMNS = ["replication_id"];

interface ListInput {
  query: string;
  limit: number;
  offset: number;
}
const sameInput = (a: ListInput, b: ListInput) =>
  a.query === b.query && a.limit === b.limit && a.offset === b.offset;
const CHOOSABLE = REPLICATION_COLUMN_IDS.filter((c) => !FIXED_COLUMNS.includes(c));

export function ReplicationsTable({
  viewer,
  initialColumns,
  fixedQuery,
  scopeEmpty,
  initial,
  tableName = "replications",
}: {
  viewer: Viewer | null;
  /** The signed-in user's saved column choice, read by the server page (no flash of defaults). */
  initialColumns?: string[] | null;
  fixedQuery?: string;
  /** What to say when the scope itself (not a filter) is empty, e.g. "This VM has no replication jobs". */
  scopeEmpty?: { title: string; hint?: string };
  tableName?: string;
  /** The first page as the server page loaded it for the same URL (no loading flash on arrival). */
  initial?: { input: ListInput; data: ReplicationList };
}) {
  const endpoints = api.endpoints.list.useQuery(undefined, { staleTime: 60_000 });
  const fields = useMemo(
    () =>
      endpoints.data
        ? replicationFilterFields(endpoints.data.map((e) => ({ value: String(e.id), label: e.name })))
        : REPLICATION_FILTER_FIELDS_NO_OPTIONS,
    [endpoints.data],
  );
  const url = useTableUrlState(fields, fixedQuery);
  const input = { query: url.query, limit: url.limit, offset: url.offset };
  const result = api.replications.list.useQuery(input, {
    placeholderData: keepPreviousData,
    initialData: initial && sameInput(initial.input, input) ? initial.data : undefined,
  });
  const prefs = useColumnPreferences(tableName, REPLICATION_DEFAULT_COLUMNS, CHOOSABLE, {
    signedIn: viewer !== null,
    initial: initialColumns,
  });
  const [notice, setNotice] = useState<string | null>(null);
  const canEdit = viewer?.role === "operator" || viewer?.role === "admin";

  return (
    <div className="space-y-3">
      {notice ? (
        <p
          role="status"
          className="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900 dark:border-green-900 dark:bg-green-950/50 dark:text-green-200"
        >
          {notice}
        </p>
      ) : null}
      <DataTable
        label="Replications"
        noun={{ one: "replication", many: "replications" }}
        columns={replicationColumns}
        fixedColumns={FIXED_COLUMNS}
        prefs={prefs}
        fields={fields}
        url={url}
        result={result}
        getRowId={(r) => String(r.id)}
        exportHref={(kind, columns) => {
          const params = new URLSearchParams(url.query);
          params.set("export", kind);
          if (kind === "table") params.set("columns", columns.join(","));
          return `/replications/export?${params.toString()}`;
        }}
        bulkActions={
          canEdit
            ? (selection, clear) => (
                <>
                  <BulkEditDialog
                    selection={selection}
                    onDone={(m) => {
                      clear();
                      setNotice(m);
                    }}
                  />
                  <BulkDeleteDialog
                    selection={selection}
                    onDone={(m) => {
                      clear();
                      setNotice(m);
                    }}
                  />
                </>
              )
            : undefined
        }
        empty={
          url.filters.length > 0 || url.q
            ? { title: "No replications found", hint: "No replication job matches these filters." }
            : scopeEmpty
              ? scopeEmpty
              : {
                  title: "No replications yet",
                  hint: "Add a Proxmox endpoint and run a sync to import its replication jobs.",
                }
        }
      />
    </div>
  );
}
