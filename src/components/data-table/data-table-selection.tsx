"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import type { Selection } from "./types";
import type { SelectionState } from "./use-data-table";

// Row selection for bulk actions: the header's page checkbox, a checkbox per row, and the bar that
// says what is selected, offers "select all N matching" once the whole page is ticked, and holds the
// feature's bulk actions (the bar shows only while something is selected).

export function SelectPageCheckbox({
  selection,
  onChange,
}: {
  selection: SelectionState;
  onChange(selected: boolean): void;
}) {
  return (
    <Checkbox
      aria-label="Select all on this page"
      checked={selection.pageAllSelected ? true : selection.ids.length > 0 ? "indeterminate" : false}
      onCheckedChange={(v) => onChange(v === true)}
    />
  );
}

export function SelectRowCheckbox({
  id,
  checked,
  onToggle,
}: {
  id: string;
  checked: boolean;
  onToggle(event: unknown): void;
}) {
  return <Checkbox aria-label={`Select row ${id}`} checked={checked} onClick={onToggle} />;
}

export function SelectionBar({
  selection,
  count,
  pageRows,
  noun,
  actions,
}: {
  selection: SelectionState;
  count: number;
  pageRows: number;
  noun: { one: string; many: string };
  actions: (selection: Selection, clear: () => void) => ReactNode;
}) {
  if (!selection.current) return null;
  const total = count.toLocaleString("en-US");
  return (
    <section
      aria-label="Bulk actions"
      className="sticky top-0 z-10 flex flex-wrap items-center gap-3 rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm dark:border-blue-900 dark:bg-blue-950/60"
    >
      <span data-testid="selection-summary" aria-live="polite">
        {selection.allMatching
          ? `All ${total} matching ${count === 1 ? noun.one : noun.many} selected`
          : `${selection.ids.length} selected`}
      </span>
      {selection.pageAllSelected && !selection.allMatching && count > pageRows ? (
        <Button size="sm" variant="link" onClick={selection.selectAllMatching}>
          Select all {total} {noun.many} matching query
        </Button>
      ) : null}
      <div className="ml-auto flex flex-wrap gap-2">{actions(selection.current, selection.clear)}</div>
      <Button size="sm" variant="ghost" onClick={selection.clear}>
        Clear selection
      </Button>
    </section>
  );
}
