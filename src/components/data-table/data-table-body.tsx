"use client";

import type { Header, ReactTable, RowData } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { cn, focusRing } from "@/components/ui/cn";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { DataTableFeatures } from "./columns";
import { SelectPageCheckbox, SelectRowCheckbox } from "./data-table-selection";
import type { SelectionState } from "./use-data-table";

// One page of rows: sortable headers (shift-click adds a sort key; the first key sets aria-sort),
// the cells the feature's columns render, and the selection checkboxes when bulk actions exist.
// The "select" column is drawn here, not by the feature, so its id is skipped in both loops.

export function DataTableBody<Row extends RowData>({
  table,
  label,
  busy,
  sortKeys,
  selection,
}: {
  table: ReactTable<DataTableFeatures, Row>;
  label: string;
  busy: boolean;
  sortKeys: number;
  /** Given when the table has bulk actions. */
  selection?: SelectionState;
}) {
  return (
    <Table box="border" aria-label={label} aria-busy={busy} data-testid="data-table">
      <TableHeader>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {selection ? (
              <TableHead className="w-8 pr-1 pl-3">
                <SelectPageCheckbox
                  selection={selection}
                  onChange={(v) => table.toggleAllPageRowsSelected(v)}
                />
              </TableHead>
            ) : null}
            {group.headers
              .filter((h) => h.column.id !== "select")
              .map((header) => (
                <SortableHead key={header.id} table={table} header={header} sortKeys={sortKeys} />
              ))}
          </tr>
        ))}
      </TableHeader>
      <TableBody className={cn(busy && "opacity-60 transition-opacity")}>
        {table.getRowModel().rows.map((row) => (
          <TableRow
            key={row.id}
            data-row-id={row.id}
            data-selected={selection ? row.getIsSelected() : undefined}
            className="hover:bg-zinc-50 data-[selected=true]:bg-blue-50 dark:border-zinc-800/70 dark:hover:bg-zinc-900 dark:data-[selected=true]:bg-blue-950/40"
          >
            {selection ? (
              <TableCell className="pr-1 pl-3 align-middle">
                <SelectRowCheckbox
                  id={row.id}
                  checked={row.getIsSelected()}
                  onToggle={row.getToggleSelectedHandler()}
                />
              </TableCell>
            ) : null}
            {row
              .getVisibleCells()
              .filter((c) => c.column.id !== "select")
              .map((cell) => (
                <TableCell key={cell.id} data-column={cell.column.id} className="max-w-80 px-2.5">
                  <table.FlexRender cell={cell} />
                </TableCell>
              ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function SortableHead<Row extends RowData>({
  table,
  header,
  sortKeys,
}: {
  table: ReactTable<DataTableFeatures, Row>;
  header: Header<DataTableFeatures, Row, unknown>;
  sortKeys: number;
}) {
  const sorted = header.column.getIsSorted();
  const sortIndex = header.column.getSortIndex();
  return (
    <TableHead
      data-column={header.column.id}
      aria-sort={sorted && sortIndex === 0 ? (sorted === "asc" ? "ascending" : "descending") : undefined}
      className="px-2.5"
    >
      {header.column.getCanSort() ? (
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
          {sorted && sortKeys > 1 ? (
            <span className="text-xs text-zinc-500">
              <span className="sr-only">sort key </span>
              {sortIndex + 1}
            </span>
          ) : null}
          {sorted ? (
            <span className="sr-only">{sorted === "asc" ? "(ascending)" : "(descending)"}</span>
          ) : null}
        </button>
      ) : (
        <table.FlexRender header={header} />
      )}
    </TableHead>
  );
}
