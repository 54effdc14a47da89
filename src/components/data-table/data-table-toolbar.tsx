"use client";

import { Filter } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { type ColumnChoice, ColumnChooser } from "./column-chooser";
import { ExportMenu } from "./export-menu";
import { FilterPanel } from "./filter-panel";
import { FilterPills } from "./filter-pills";
import type { FilterField } from "./filters";
import { QuickSearch } from "./quick-search";
import type { TableUrlState } from "./url-state";

// Above the rows: quick search, the Filters toggle and its panel, the column chooser and export,
// the pills of the filters in force, and the server's word on filters it ignored.

export function DataTableToolbar({
  url,
  fields,
  updating,
  chooser,
  onColumnsChange,
  exportHref,
  errors,
}: {
  url: TableUrlState;
  fields: readonly FilterField[];
  /** A refetch is under way while rows are shown. */
  updating: boolean;
  chooser: { all: ColumnChoice[]; selected: string[] };
  onColumnsChange(columns: string[] | null): void;
  exportHref?: (kind: "table" | "all") => string;
  errors?: Record<string, string[]>;
}) {
  const [filtersOpen, setFiltersOpen] = useState(false);
  return (
    <>
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
          {updating ? <Spinner label="Updating" /> : null}
          <ColumnChooser all={chooser.all} selected={chooser.selected} onApply={onColumnsChange} />
          {exportHref ? <ExportMenu href={exportHref} /> : null}
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
      <IgnoredFilters errors={errors} />
    </>
  );
}

function IgnoredFilters({ errors }: { errors?: Record<string, string[]> }) {
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div
      role="alert"
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200"
    >
      <p className="font-medium">Some filters were ignored:</p>
      <ul className="list-disc pl-5">
        {entries.map(([key, messages]) => (
          <li key={key}>
            <code>{key}</code>: {messages.join(" ")}
          </li>
        ))}
      </ul>
    </div>
  );
}
