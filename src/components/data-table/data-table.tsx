"use client";

import type { RowData } from "@tanstack/react-table";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { DataTableBody } from "./data-table-body";
import { SelectionBar } from "./data-table-selection";
import { DataTableToolbar } from "./data-table-toolbar";
import type { DataTableProps } from "./types";
import { useDataTable } from "./use-data-table";

export type { DataTableProps, ListResult, Selection } from "./types";

// The generic server-driven list (NetBox's object list): quick search, filter panel and pills,
// header sorting (shift-click adds a sort key), column chooser, export, row selection with
// "select all N matching", and the paginator. Feature tables pass columns, fields and a query result.

export function DataTable<Row extends RowData>(props: DataTableProps<Row>) {
  const { url, result, noun, bulkActions, exportHref } = props;
  const state = useDataTable(props);
  const { selection, count } = state;
  return (
    <div className="space-y-3">
      <DataTableToolbar
        url={url}
        fields={props.fields}
        updating={result.isFetching && !result.isPending}
        chooser={state.chooser}
        onColumnsChange={props.prefs.save}
        exportHref={exportHref ? (kind) => exportHref(kind, state.visible) : undefined}
        errors={result.data?.errors}
      />
      {bulkActions ? (
        <SelectionBar
          selection={selection}
          count={count}
          pageRows={state.rows.length}
          noun={noun}
          actions={bulkActions}
        />
      ) : null}
      {result.isPending ? (
        <LoadingState label={`Loading ${noun.many}…`} />
      ) : result.error ? (
        <ErrorState
          title={`Could not load ${noun.many}`}
          message={result.error.message}
          onRetry={() => result.refetch()}
        />
      ) : state.rows.length === 0 ? (
        <EmptyState title={props.empty.title}>{props.empty.hint}</EmptyState>
      ) : (
        <DataTableBody
          table={state.table}
          label={props.label}
          busy={result.isFetching}
          sortKeys={state.sortKeys}
          selection={bulkActions ? selection : undefined}
        />
      )}
      {result.data && count > 0 ? (
        <Pagination
          count={count}
          limit={url.limit}
          offset={url.offset}
          onOffsetChange={url.setOffset}
          onLimitChange={url.setLimit}
          label={`${props.label} pages`}
        />
      ) : null}
    </div>
  );
}
