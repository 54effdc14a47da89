import {
  columnOrderingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  type RowData,
  rowSelectionFeature,
  rowSortingFeature,
  type SortingState,
  tableFeatures,
} from "@tanstack/react-table";

// The features every server-driven table registers. Sorting, filtering and paging are the server's
// (manual): the table only renders one page and turns header clicks into the `ordering` parameter.

export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  columnVisibilityFeature,
  columnOrderingFeature,
  rowSelectionFeature,
});
export type DataTableFeatures = typeof dataTableFeatures;

export function createDataTableColumnHelper<Row extends RowData>() {
  return createColumnHelper<DataTableFeatures, Row>();
}

/** `-last_sync,replication_id` → [{ id: "last_sync", desc: true }, { id: "replication_id", desc: false }]. */
export function orderingToSorting(ordering: string, sortable: ReadonlySet<string>): SortingState {
  const seen = new Set<string>();
  const out: SortingState = [];
  for (const raw of ordering.split(",")) {
    const term = raw.trim();
    const desc = term.startsWith("-");
    const id = desc ? term.slice(1) : term;
    if (!id || !sortable.has(id) || seen.has(id)) continue;
    seen.add(id);
    out.push({ id, desc });
  }
  return out;
}

export function sortingToOrdering(sorting: SortingState): string {
  return sorting.map((s) => (s.desc ? `-${s.id}` : s.id)).join(",");
}
