"use client";

import { X } from "lucide-react";
import { cn, focusRing } from "@/components/ui/cn";
import { type FilterField, type FilterParam, pillText, resolveParam } from "./filters";

/** Applied filters as removable pills ("Health is: Error ×"), plus "Clear all" when there are several. */
export function FilterPills({
  fields,
  filters,
  q,
  onRemove,
  onClearQ,
  onClearAll,
}: {
  fields: readonly FilterField[];
  filters: FilterParam[];
  q: string;
  onRemove(filter: FilterParam): void;
  onClearQ(): void;
  onClearAll(): void;
}) {
  const pills = filters.flatMap((f) => {
    const resolved = resolveParam(fields, f);
    return resolved
      ? [{ key: `${f.key}=${f.value}`, text: pillText(resolved), remove: () => onRemove(f) }]
      : [];
  });
  if (q.trim()) pills.unshift({ key: "q", text: `Search: ${q}`, remove: onClearQ });
  if (pills.length === 0) return null;
  return (
    <ul aria-label="Applied filters" className="flex flex-wrap items-center gap-2">
      {pills.map((p) => (
        <li
          key={p.key}
          className="inline-flex items-center gap-1 rounded-full bg-blue-100 py-0.5 pr-1 pl-2.5 text-xs font-medium text-blue-900 dark:bg-blue-950 dark:text-blue-200"
        >
          <span>{p.text}</span>
          <button
            type="button"
            onClick={p.remove}
            aria-label={`Remove filter ${p.text}`}
            className={cn("rounded-full p-0.5 hover:bg-blue-200 dark:hover:bg-blue-900", focusRing)}
          >
            <X aria-hidden="true" className="size-3" />
          </button>
        </li>
      ))}
      {pills.length > 1 ? (
        <li>
          <button
            type="button"
            onClick={onClearAll}
            className={cn(
              "rounded px-1 text-xs font-medium text-red-700 hover:underline dark:text-red-400",
              focusRing,
            )}
          >
            Clear all
          </button>
        </li>
      ) : null}
    </ul>
  );
}
