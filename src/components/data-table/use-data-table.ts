"use client";

import {
  type ColumnDef,
  type ReactTable,
  type RowData,
  type RowSelectionState,
  type SortingState,
  useTable,
} from "@tanstack/react-table";
import { useEffect, useMemo, useState } from "react";
import type { ColumnChoice } from "./column-chooser";
import { type DataTableFeatures, dataTableFeatures, orderingToSorting, sortingToOrdering } from "./columns";
import type { DataTableProps, Selection } from "./types";

// The DataTable's state: sorting is the URL's `ordering`, visibility and order come from the column
// preferences, and the selection is local to one page of one query (a new query or page forgets it).

export interface SelectionState {
  /** Ids ticked on this page. */
  ids: number[];
  /** The "select all N matching" banner was taken: the selection is the query, not the ids. */
  allMatching: boolean;
  pageAllSelected: boolean;
  /** What bulk actions get, or null when nothing is selected. */
  current: Selection | null;
  selectAllMatching(): void;
  clear(): void;
}

export interface DataTableState<Row extends RowData> {
  table: ReactTable<DataTableFeatures, Row>;
  rows: Row[];
  count: number;
  /** How many sort keys the ordering has (header badges number them when there are several). */
  sortKeys: number;
  /** Visible column ids in order, fixed ones first (the CSV export writes these). */
  visible: string[];
  chooser: { all: ColumnChoice[]; selected: string[] };
  selection: SelectionState;
}

const EMPTY: never[] = [];

// biome-ignore lint/suspicious/noExplicitAny: column value types differ per column
type Columns<Row extends RowData> = ColumnDef<DataTableFeatures, Row, any>[];

function useColumnLayout<Row extends RowData>(columns: Columns<Row>, fixed: string[], chosen: string[]) {
  return useMemo(() => {
    const selected = chosen.filter((c) => !fixed.includes(c));
    const visible = [...fixed, ...selected];
    const ids = columns.map((c) => c.id as string);
    return {
      visible,
      columnVisibility: Object.fromEntries(ids.map((id) => [id, id === "select" || visible.includes(id)])),
      columnOrder: ["select", ...visible],
      sortable: new Set(columns.filter((c) => c.enableSorting !== false && c.id).map((c) => c.id as string)),
      chooser: {
        all: columns
          .filter((c) => c.id && c.id !== "select" && !fixed.includes(c.id))
          .map((c) => ({
            id: c.id as string,
            label: typeof c.header === "string" ? c.header : (c.id as string),
          })),
        selected,
      },
    };
  }, [columns, fixed, chosen]);
}

export function useDataTable<Row extends RowData>(props: DataTableProps<Row>): DataTableState<Row> {
  const { url, result } = props;
  const layout = useColumnLayout(props.columns, props.fixedColumns ?? EMPTY, props.prefs.columns);
  const sorting = useMemo(() => orderingToSorting(url.ordering, layout.sortable), [url.ordering, layout]);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [allMatching, setAllMatching] = useState(false);
  const clear = () => {
    setRowSelection({});
    setAllMatching(false);
  };

  // A new query or page is a new set of rows: forget the selection.
  const pageKey = `${url.query}|${url.limit}|${url.offset}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on pageKey change only
  useEffect(clear, [pageKey]);

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
    state: {
      sorting,
      columnVisibility: layout.columnVisibility,
      columnOrder: layout.columnOrder,
      rowSelection,
    },
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
  const ids = Object.keys(rowSelection)
    .filter((k) => rowSelection[k])
    .map(Number);
  const current: Selection | null = allMatching
    ? { kind: "query", query: url.query, count }
    : ids.length > 0
      ? { kind: "ids", ids }
      : null;
  return {
    table,
    rows,
    count,
    sortKeys: sorting.length,
    visible: layout.visible,
    chooser: layout.chooser,
    selection: {
      ids,
      allMatching,
      pageAllSelected: rows.length > 0 && ids.length === rows.length,
      current,
      selectAllMatching: () => setAllMatching(true),
      clear,
    },
  };
}
