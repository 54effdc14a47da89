"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";
import { Button } from "./button";
import { cn } from "./cn";

export const PAGE_SIZES = [25, 50, 100, 250, 500, 1000] as const;

/** Page numbers to show: first, last, current ±2, with null for "…" gaps (NetBox's paginator). */
export function pageWindow(current: number, total: number): (number | null)[] {
  const pages = new Set([1, total]);
  for (let p = current - 2; p <= current + 2; p++) if (p >= 1 && p <= total) pages.add(p);
  const sorted = [...pages].filter((p) => p >= 1).sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const [i, p] of sorted.entries()) {
    if (i > 0 && p - sorted[i - 1] > 1) out.push(null);
    out.push(p);
  }
  return out;
}

/** "Showing 51–100 of 537", page links and a "Per page" select (25 … 1000). */
export function Pagination({
  count,
  limit,
  offset,
  onOffsetChange,
  onLimitChange,
  label = "Pagination",
  className,
}: {
  count: number;
  limit: number;
  offset: number;
  onOffsetChange: (offset: number) => void;
  onLimitChange: (limit: number) => void;
  label?: string;
  className?: string;
}) {
  const pages = Math.max(1, Math.ceil(count / limit));
  const current = Math.min(pages, Math.floor(offset / limit) + 1);
  const first = count === 0 ? 0 : offset + 1;
  const last = Math.min(count, offset + limit);
  const sizes: number[] = PAGE_SIZES.includes(limit as (typeof PAGE_SIZES)[number])
    ? [...PAGE_SIZES]
    : [...PAGE_SIZES, limit].sort((a, b) => a - b);
  const go = (page: number) => onOffsetChange((page - 1) * limit);
  return (
    <nav
      aria-label={label}
      className={cn("flex flex-wrap items-center justify-between gap-3 text-sm", className)}
    >
      <p aria-live="polite" data-testid="pagination-summary">
        Showing {first.toLocaleString("en-US")}–{last.toLocaleString("en-US")} of{" "}
        {count.toLocaleString("en-US")}
      </p>
      <div className="flex items-center gap-1">
        <Button
          size="sm"
          variant="ghost"
          aria-label="Previous page"
          disabled={current <= 1}
          onClick={() => go(current - 1)}
        >
          <ChevronLeft aria-hidden="true" />
        </Button>
        {pageWindow(current, pages).map((p, i) =>
          p === null ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: gaps have no identity
            <span key={`gap-${i}`} aria-hidden="true" className="px-1 text-zinc-500">
              …
            </span>
          ) : (
            <Button
              key={p}
              size="sm"
              variant={p === current ? "primary" : "ghost"}
              aria-label={`Page ${p}`}
              aria-current={p === current ? "page" : undefined}
              onClick={() => go(p)}
            >
              {p}
            </Button>
          ),
        )}
        <Button
          size="sm"
          variant="ghost"
          aria-label="Next page"
          disabled={current >= pages}
          onClick={() => go(current + 1)}
        >
          <ChevronRight aria-hidden="true" />
        </Button>
      </div>
      <label className="flex items-center gap-2">
        <span>Per page</span>
        <select
          className="h-8 rounded-md border border-zinc-300 bg-white px-2 text-sm focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:outline-none dark:border-zinc-700 dark:bg-zinc-900"
          value={limit}
          onChange={(e) => onLimitChange(Number(e.target.value))}
        >
          {sizes.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
    </nav>
  );
}
