"use client";

import { useCallback, useEffect, useState } from "react";
import { api } from "@/lib/trpc/react";

// A table's column choice (visible columns, in order): saved per user through tRPC when signed in,
// in localStorage otherwise. `null` means "the table's defaults".

const storageKey = (table: string) => `proxbox.table.${table}.columns`;

export interface ColumnPreferences {
  /** Visible columns in display order (the defaults until the user chooses). */
  columns: string[];
  isCustom: boolean;
  save(columns: string[] | null): void;
  saving: boolean;
}

export function useColumnPreferences(
  table: string,
  defaults: string[],
  known: readonly string[],
  opts: { signedIn: boolean; initial?: string[] | null },
): ColumnPreferences {
  const utils = api.useUtils();
  const remote = api.preferences.table.useQuery(
    { table },
    {
      enabled: opts.signedIn,
      initialData: opts.initial === undefined ? undefined : opts.initial ? { columns: opts.initial } : {},
      staleTime: Number.POSITIVE_INFINITY,
    },
  );
  const mutation = api.preferences.setTableColumns.useMutation({
    onSuccess: (data) => utils.preferences.table.setData({ table }, data ?? {}),
  });
  const [local, setLocal] = useState<string[] | null>(null);
  useEffect(() => {
    if (opts.signedIn) return;
    try {
      const raw = localStorage.getItem(storageKey(table));
      const parsed: unknown = raw ? JSON.parse(raw) : null;
      setLocal(Array.isArray(parsed) ? parsed.filter((c): c is string => typeof c === "string") : null);
    } catch {
      setLocal(null);
    }
  }, [table, opts.signedIn]);

  const chosen = (opts.signedIn ? remote.data?.columns : local) ?? null;
  const valid = chosen?.filter((c) => known.includes(c)) ?? [];
  const columns = valid.length > 0 ? valid : defaults;

  const save = useCallback(
    (next: string[] | null) => {
      if (opts.signedIn) {
        utils.preferences.table.setData({ table }, next ? { columns: next } : {});
        mutation.mutate({ table, columns: next });
        return;
      }
      try {
        if (next) localStorage.setItem(storageKey(table), JSON.stringify(next));
        else localStorage.removeItem(storageKey(table));
      } catch {
        // storage unavailable: the choice lasts for this page
      }
      setLocal(next);
    },
    [opts.signedIn, table, utils, mutation],
  );

  return { columns, isCustom: valid.length > 0, save, saving: mutation.isPending };
}
