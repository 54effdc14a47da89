import type { ColumnDef, RowData } from "@tanstack/react-table";
import type { ReactNode } from "react";
import type { DataTableFeatures } from "./columns";
import type { FilterField } from "./filters";
import type { TableUrlState } from "./url-state";
import type { ColumnPreferences } from "./use-column-preferences";

// The contract between a feature table (replications, virtual machines) and the generic DataTable.

/** What a bulk action acts on: the ticked rows, or every row the query matches. */
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
