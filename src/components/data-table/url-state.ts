"use client";

import { parseAsInteger, parseAsNativeArrayOf, parseAsString, useQueryStates } from "nuqs";
import { useCallback, useMemo } from "react";
import { type FilterField, type FilterParam, filterParamKeys } from "./filters";
import { buildQueryString, DEFAULT_LIMIT, MAX_LIMIT } from "./query";

export { buildQueryString, DEFAULT_LIMIT, MAX_LIMIT };

// Table state lives in the URL under the REST API's parameter names (q, ordering, limit, offset and
// every filter key verbatim, repeated keys = OR), so a list URL can be replayed against
// /api/plugins/proxbox/... and reload/back/forward restore the view. Every change pushes a history
// entry; any change other than paging goes back to the first page.

const base = {
  q: parseAsString.withDefault(""),
  ordering: parseAsString.withDefault(""),
  limit: parseAsInteger.withDefault(DEFAULT_LIMIT),
  offset: parseAsInteger.withDefault(0),
};

export function buildKeyMap(fields: readonly FilterField[]) {
  const filters: Record<string, ReturnType<typeof parseAsNativeArrayOf<string>>> = {};
  for (const key of filterParamKeys(fields)) filters[key] = parseAsNativeArrayOf(parseAsString);
  return { ...base, ...filters };
}

export interface TableUrlState {
  q: string;
  ordering: string;
  limit: number;
  offset: number;
  /** The filter parameters in the URL, in a stable order. */
  filters: FilterParam[];
  /** filters + q + ordering (+ the fixed query), ready for `list({ query })` and the CSV export. */
  query: string;
  setQ(q: string): void;
  setOrdering(ordering: string): void;
  setOffset(offset: number): void;
  setLimit(limit: number): void;
  setFilters(filters: FilterParam[]): void;
  removeFilter(filter: FilterParam): void;
  clearFilters(): void;
}

export function useTableUrlState(fields: readonly FilterField[], fixedQuery?: string): TableUrlState {
  // Keyed by the parameter names only: option lists loading later must not rebuild the URL state.
  const signature = filterParamKeys(fields).join("&");
  // biome-ignore lint/correctness/useExhaustiveDependencies: the signature stands for the fields
  const keyMap = useMemo(() => buildKeyMap(fields), [signature]);
  const filterKeys = useMemo(() => signature.split("&"), [signature]);
  const [state, setState] = useQueryStates(keyMap, { history: "push", scroll: false });
  const values = state as unknown as Record<string, string[] | string | number>;

  const filters = useMemo(
    () =>
      filterKeys.flatMap((key) =>
        ((values[key] as string[]) ?? []).filter((v) => v !== "").map((value) => ({ key, value })),
      ),
    [filterKeys, values],
  );
  const q = state.q;
  const ordering = state.ordering;
  const limit = Math.min(MAX_LIMIT, Math.max(1, state.limit || DEFAULT_LIMIT));
  const offset = Math.max(0, state.offset);
  const query = useMemo(
    () => buildQueryString(filters, q, ordering, fixedQuery),
    [filters, q, ordering, fixedQuery],
  );

  const set = setState as unknown as (patch: Record<string, unknown>) => Promise<URLSearchParams>;
  const setFilters = useCallback(
    (next: FilterParam[]) => {
      const patch: Record<string, string[] | null> = {};
      for (const key of filterKeys) patch[key] = null;
      for (const f of next) {
        if (!(f.key in patch) || f.value === "") continue;
        const list = patch[f.key] ?? [];
        if (!list.includes(f.value)) list.push(f.value);
        patch[f.key] = list;
      }
      void set({ ...patch, offset: null });
    },
    [filterKeys, set],
  );

  return {
    q,
    ordering,
    limit,
    offset,
    filters,
    query,
    setQ: (next) => void set({ q: next.trim() ? next : null, offset: null }),
    setOrdering: (next) => void set({ ordering: next || null, offset: null }),
    setOffset: (next) => void set({ offset: next > 0 ? next : null }),
    setLimit: (next) => void set({ limit: next === DEFAULT_LIMIT ? null : next, offset: null }),
    setFilters,
    removeFilter: (f) => setFilters(filters.filter((x) => !(x.key === f.key && x.value === f.value))),
    clearFilters: () => {
      const patch: Record<string, null> = { q: null, offset: null };
      for (const key of filterKeys) patch[key] = null;
      void set(patch);
    },
  };
}
