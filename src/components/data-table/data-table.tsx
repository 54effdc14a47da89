"use client";

import {
  type ColumnDef,
  type RowData,
  type RowSelectionState,
  type SortingState,
  useTable,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown, Filter } from "lucide-react";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { cn, focusRing } from "@/components/ui/cn";
import { Pagination } from "@/components/ui/pagination";
import { Spinner } from "@/components/ui/spinner";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { ColumnChooser } from "./column-chooser";
import { type DataTableFeatures, dataTableFeatures, orderingToSorting, sortingToOrdering } from "./columns";
import { ExportMenu } from "./export-menu";
import { FilterPanel } from "./filter-panel";
import { FilterPills } from "./filter-pills";
import type { FilterField } from "./filters";
import { QuickSearch } from "./quick-search";
import type { TableUrlState } from "./url-state";
import type { ColumnPreferences } from "./use-column-preferences";

// The generic server-driven list (NetBox's object list): quick search, filter panel and pills,
// header sorting (shift-click adds a sort key), column chooser, export, row selection with
// "select all N matching", and the paginator. Feature tables pass columns, fields and a query result.

export type Selection = { kind: "ids"; ids: number[] } | { kind: "query"; query: string; count: number };

export interface ListResult<Row> {
  data?: { count: number; rows: Row[]; errors?: Record<string, string[]> };
  isPending: boolean;
  isFetching: boolean;
  error: { message: string } | null;
  refetch(): unknown;
}

export interface DataTableProps<Row extends RowData> {
  /** Accessible name of the table, e.g. "Replications". */
  label: string;
  noun: { one: string; many: string };
  // biome-ignore lint/suspicious/noExplicitAny: column value types differ per column
  columns: ColumnDef<DataTableFeatures, Row, any>[];
  /** Column ids that are always shown first and cannot be hidden (e.g. the linked ID). */
  fixedColumns?: string[];
  prefs: ColumnPreferences;
  fields: readonly FilterField[];
  url: TableUrlState;
  result: ListResult<Row>;
  getRowId(row: Row): string;
  /** Bulk actions for the current selection; selection checkboxes are shown only when given. */
  bulkActions?: (selection: Selection, clear: () => void) => ReactNode;
  exportHref?: (kind: "table" | "all", columns: string[]) => string;
  empty: { title: string; hint?: ReactNode };
}

const EMPTY: never[] = [];

export function DataTable<Row extends RowData>(props: DataTableProps<Row>) {
  const { url, result, prefs, fields } = props;
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [allMatching, setAllMatching] = useState(false);

  const sortable = useMemo(
    () => new Set(props.columns.filter((c) => c.enableSorting !== false && c.id).map((c) => c.id as string)),
    [props.columns],
  );
  const sorting = useMemo(() => orderingToSorting(url.ordering, sortable), [url.ordering, sortable]);
  const allIds = useMemo(() => props.columns.map((c) => c.id as string), [props.columns]);
  const fixed = props.fixedColumns ?? [];
  const visible = useMemo(
    () => [...fixed, ...prefs.columns.filter((c) => !fixed.includes(c))],
    [fixed, prefs.columns],
  );
  const columnVisibility = useMemo(
    () => Object.fromEntries(allIds.map((id) => [id, id === "select" || visible.includes(id)])),
    [allIds, visible],
  );
  const columnOrder = useMemo(() => ["select", ...visible], [visible]);

  // A new query or page is a new set of rows: forget the selection.
  const pageKey = `${url.query}|${url.limit}|${url.offset}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on pageKey change only
  useEffect(() => {
    setRowSelection({});
    setAllMatching(false);
  }, [pageKey]);

  const rows = (result.data?.rows ?? EMPTY) as Row[];
  const table = useTable({
    features: dataTableFeatures,
    columns: props.columns,
    data: rows,
    getRowId: props.getRowId,
    manualSorting: true,
    sortDescFirst: false,
    enableMultiSort: true,
    enableRowSelection: Boolean(props.bulkActions),
    state: { sorting, columnVisibility, columnOrder, rowSelection },
    onSortingChange: (updater) => {
      const next =
        typeof updater === "function" ? (updater as (s: SortingState) => SortingState)(sorting) : updater;
      url.setOrdering(sortingToOrdering(next));
    },
    onRowSelectionChange: (updater) => {
      setAllMatching(false);
      setRowSelection((old) => (typeof updater === "function" ? updater(old) : updater));
    },
  });

  const count = result.data?.count ?? 0;
  const selectedIds = Object.keys(rowSelection)
    .filter((k) => rowSelection[k])
    .map(Number);
  const pageAllSelected = rows.length > 0 && selectedIds.length === rows.length;
  const selection: Selection | null = allMatching
    ? { kind: "query", query: url.query, count }
    : selectedIds.length > 0
      ? { kind: "ids", ids: selectedIds }
      : null;
  const clearSelection = () => {
    setRowSelection({});
    setAllMatching(false);
  };
  const chooserColumns = props.columns
    .filter((c) => c.id && c.id !== "select" && !fixed.includes(c.id))
    .map((c) => ({ id: c.id as string, label: typeof c.header === "string" ? c.header : (c.id as string) }));
  const errors = Object.entries(result.data?.errors ?? {});

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <QuickSearch value={url.q} onChange={url.setQ} />
        <Button
          aria-expanded={filtersOpen}
          aria-controls="filter-panel"
          onClick={() => setFiltersOpen((o) => !o)}
        >
          <Filter aria-hidden="true" />
          Filters
          {url.filters.length > 0 ? (
            <span className="rounded bg-blue-700 px-1.5 text-xs text-white">{url.filters.length}</span>
          ) : null}
        </Button>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {result.isFetching && !result.isPending ? <Spinner label="Updating" /> : null}
          <ColumnChooser
            all={chooserColumns}
            selected={prefs.columns.filter((c) => !fixed.includes(c))}
            onApply={prefs.save}
          />
          {props.exportHref ? <ExportMenu href={(kind) => props.exportHref?.(kind, visible) ?? "#"} /> : null}
        </div>
      </div>
      {filtersOpen ? (
        <div id="filter-panel">
          <FilterPanel
            fields={fields}
            filters={url.filters}
            onApply={url.setFilters}
            onClose={() => setFiltersOpen(false)}
          />
        </div>
      ) : null}
      <FilterPills
        fields={fields}
        filters={url.filters}
        q={url.q}
        onRemove={url.removeFilter}
        onClearQ={() => url.setQ("")}
        onClearAll={url.clearFilters}
      />
      {errors.length > 0 ? (
        <div
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200"
        >
          <p className="font-medium">Some filters were ignored:</p>
          <ul className="list-disc pl-5">
            {errors.map(([key, messages]) => (
              <li key={key}>
                <code>{key}</code>: {messages.join(" ")}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {props.bulkActions && selection ? (
        <section
          aria-label="Bulk actions"
          className="sticky top-0 z-10 flex flex-wrap items-center gap-3 rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm dark:border-blue-900 dark:bg-blue-950/60"
        >
          <span data-testid="selection-summary" aria-live="polite">
            {allMatching
              ? `All ${count.toLocaleString("en-US")} matching ${count === 1 ? props.noun.one : props.noun.many} selected`
              : `${selectedIds.length} selected`}
          </span>
          {pageAllSelected && !allMatching && count > rows.length ? (
            <Button size="sm" variant="link" onClick={() => setAllMatching(true)}>
              Select all {count.toLocaleString("en-US")} {props.noun.many} matching query
            </Button>
          ) : null}
          <div className="ml-auto flex flex-wrap gap-2">{props.bulkActions(selection, clearSelection)}</div>
          <Button size="sm" variant="ghost" onClick={clearSelection}>
            Clear selection
          </Button>
        </section>
      ) : null}
      {result.isPending ? (
        <LoadingState label={`Loading ${props.noun.many}…`} />
      ) : result.error ? (
        <ErrorState
          title={`Could not load ${props.noun.many}`}
          message={result.error.message}
          onRetry={() => result.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyState title={props.empty.title}>{props.empty.hint}</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table
            className="w-full text-sm"
            aria-label={props.label}
            aria-busy={result.isFetching}
            data-testid="data-table"
          >
            <thead className="bg-zinc-50 dark:bg-zinc-900">
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id} className="border-b border-zinc-200 text-left dark:border-zinc-800">
                  {props.bulkActions ? (
                    <th scope="col" className="w-8 py-2 pr-1 pl-3">
                      <Checkbox
                        aria-label="Select all on this page"
                        checked={pageAllSelected ? true : selectedIds.length > 0 ? "indeterminate" : false}
                        onCheckedChange={(v) => table.toggleAllPageRowsSelected(v === true)}
                      />
                    </th>
                  ) : null}
                  {group.headers
                    .filter((h) => h.column.id !== "select")
                    .map((header) => {
                      const sorted = header.column.getIsSorted();
                      const sortIndex = header.column.getSortIndex();
                      const canSort = header.column.getCanSort();
                      return (
                        <th
                          key={header.id}
                          scope="col"
                          data-column={header.column.id}
                          aria-sort={
                            sorted && sortIndex === 0
                              ? sorted === "asc"
                                ? "ascending"
                                : "descending"
                              : undefined
                          }
                          className="px-2.5 py-2 font-medium whitespace-nowrap"
                        >
                          {canSort ? (
                            <button
                              type="button"
                              onClick={header.column.getToggleSortingHandler()}
                              title="Sort (shift-click to add a sort key)"
                              className={cn(
                                "inline-flex items-center gap-1 rounded hover:text-blue-700 dark:hover:text-blue-400",
                                focusRing,
                              )}
                            >
                              <table.FlexRender header={header} />
                              {sorted === "asc" ? (
                                <ArrowUp aria-hidden="true" className="size-3.5" />
                              ) : sorted === "desc" ? (
                                <ArrowDown aria-hidden="true" className="size-3.5" />
                              ) : (
                                <ArrowUpDown aria-hidden="true" className="size-3.5 opacity-40" />
                              )}
                              {sorted && sorting.length > 1 ? (
                                <span className="text-xs text-zinc-500">
                                  <span className="sr-only">sort key </span>
                                  {sortIndex + 1}
                                </span>
                              ) : null}
                              {sorted ? (
                                <span className="sr-only">
                                  {sorted === "asc" ? "(ascending)" : "(descending)"}
                                </span>
                              ) : null}
                            </button>
                          ) : (
                            <table.FlexRender header={header} />
                          )}
                        </th>
                      );
                    })}
                </tr>
              ))}
            </thead>
            <tbody className={cn(result.isFetching && "opacity-60 transition-opacity")}>
              {table.getRowModel().rows.map((row) => (
                <tr
                  key={row.id}
                  data-row-id={row.id}
                  data-selected={props.bulkActions ? row.getIsSelected() : undefined}
                  className="border-b border-zinc-100 last:border-0 hover:bg-zinc-50 data-[selected=true]:bg-blue-50 dark:border-zinc-800/70 dark:hover:bg-zinc-900 dark:data-[selected=true]:bg-blue-950/40"
                >
                  {props.bulkActions ? (
                    <td className="py-1.5 pr-1 pl-3">
                      <Checkbox
                        aria-label={`Select row ${row.id}`}
                        checked={row.getIsSelected()}
                        onClick={row.getToggleSelectedHandler()}
                      />
                    </td>
                  ) : null}
                  {row
                    .getVisibleCells()
                    .filter((c) => c.column.id !== "select")
                    .map((cell) => (
                      <td
                        key={cell.id}
                        data-column={cell.column.id}
                        className="max-w-80 px-2.5 py-1.5 align-top"
                      >
                        <table.FlexRender cell={cell} />
                      </td>
                    ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
